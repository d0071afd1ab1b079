import { Client } from 'pg';

/**
 * A comparable description of a database schema (tables, columns, constraints, indexes, enums) read from
 * pg_catalog, one line per object, sorted. Used by the drift test.
 *
 * Partitioned tables (`Event`, by month: prisma/migrations/*_event_monthly_partitions) are described by their parent
 * only: Prisma's schema cannot say "partitioned", so the parent is compared with the schema's plain table — same
 * columns, keys, indexes and foreign keys — and its partitions (which exist per month of data) are left out. An index
 * on a partitioned parent reads `ON ONLY` in its definition; that word is dropped.
 */
export async function schemaSnapshot(url: string): Promise<string[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const q = async (sql: string) => (await c.query(sql)).rows.map((r) => Object.values(r).join(' | '));
    const columns =
      await q(`SELECT 'column', table_name, column_name, data_type, udt_name, is_nullable, coalesce(column_default, '')
      FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_offerpilot_migrations'
        AND NOT EXISTS (SELECT 1 FROM pg_class p WHERE p.oid = format('public.%I', table_name)::regclass AND p.relispartition)`);
    const constraints = await q(`SELECT 'constraint', rel.relname, con.conname, pg_get_constraintdef(con.oid)
      FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid JOIN pg_namespace n ON n.oid = rel.relnamespace
      WHERE n.nspname = 'public' AND rel.relname <> '_offerpilot_migrations' AND NOT rel.relispartition`);
    const indexes = await q(`SELECT 'index', i.tablename, i.indexname, replace(i.indexdef, ' ON ONLY ', ' ON ')
      FROM pg_indexes i JOIN pg_class t ON t.oid = format('%I.%I', i.schemaname, i.tablename)::regclass
      WHERE i.schemaname = 'public' AND i.tablename <> '_offerpilot_migrations' AND NOT t.relispartition`);
    const enums = await q(`SELECT 'enum', t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`);
    return [...columns, ...constraints, ...indexes, ...enums].sort();
  } finally {
    await c.end();
  }
}
