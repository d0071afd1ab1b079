import type { OpenApiDocument } from '@/lib/openapi/build-document';
import { schemaForms, schemaRows } from '@/lib/openapi/schema-rows';

type Json = Record<string, unknown>;
interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  'x-permission'?: string;
  'x-roles'?: string[];
  parameters?: { name: string; in: string; required: boolean; description?: string; schema: Json }[];
  requestBody?: { content: Record<string, { schema: Json; example?: unknown }> };
  responses: Record<string, { $ref?: string; content?: Record<string, { schema: Json; example?: unknown }> }>;
}

function FieldTable({ schema, testId }: { schema: Json; testId?: string }) {
  const forms = schemaForms(schema);
  if (forms)
    return (
      <div data-testid={testId}>
        {forms.map((form, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the forms of one schema, fixed and never reordered
          <div key={i}>
            <p className="small muted" style={{ margin: '0.5rem 0 0.25rem' }}>
              {i === 0 ? `One of ${forms.length} forms — form 1` : `or form ${i + 1}`}
              {typeof form.description === 'string' ? `: ${form.description}` : ''}
            </p>
            <FieldTable schema={form} />
          </div>
        ))}
      </div>
    );
  const rows = schemaRows(schema);
  if (!rows.length) return <p className="muted small">Any JSON object.</p>;
  return (
    <table className="table" data-testid={testId}>
      <thead>
        <tr>
          <th>Field</th>
          <th>Type</th>
          <th>Required</th>
          <th>Constraints</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.path}>
            <td>
              <code>{r.path}</code>
              {r.description && <div className="muted small">{r.description}</div>}
            </td>
            <td>
              <code>{r.type}</code>
            </td>
            <td>{r.required ? 'yes' : 'no'}</td>
            <td className="small">{r.constraints}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Example({ value }: { value: unknown }) {
  if (value === undefined) return null;
  return <pre className="secret small">{JSON.stringify(value, null, 2)}</pre>;
}

function OperationView({ method, path, op }: { method: string; path: string; op: Operation }) {
  const body = op.requestBody?.content;
  const bodyType = body ? Object.keys(body)[0] : undefined;
  const [okStatus, ok] = Object.entries(op.responses).find(([code]) => code.startsWith('2')) ?? [];
  const okType = ok?.content ? Object.keys(ok.content)[0] : undefined;
  const errors = Object.keys(op.responses).filter((c) => !c.startsWith('2'));
  return (
    <details className="card" id={op.operationId} data-testid={`op-${op.operationId}`}>
      <summary>
        <span className="badge">{method.toUpperCase()}</span> <code>{path}</code> — {op.summary}
      </summary>
      <p className="small">
        Permission <code>{op['x-permission'] ?? 'none (public)'}</code>
        {op['x-roles'] && <> · roles {op['x-roles'].join(', ') || 'none'}</>}
      </p>
      {op.description && <p className="small muted">{op.description.split('\n\n')[0]}</p>}
      {op.parameters && op.parameters.length > 0 && (
        <>
          <h3 className="small">Parameters</h3>
          <table className="table">
            <tbody>
              {op.parameters.map((p) => (
                <tr key={`${p.in}:${p.name}`}>
                  <td>
                    <code>{p.name}</code>
                  </td>
                  <td>{p.in}</td>
                  <td>{p.required ? 'required' : 'optional'}</td>
                  <td className="small">{p.description ?? schemaRows({ properties: { x: p.schema } })[0]?.type}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {body && bodyType && (
        <>
          <h3 className="small">Request body ({bodyType})</h3>
          {bodyType === 'application/json' ? (
            <FieldTable schema={body[bodyType].schema} testId={`body-${op.operationId}`} />
          ) : (
            <p className="small">The file itself.</p>
          )}
          <Example value={body[bodyType].example} />
        </>
      )}
      <h3 className="small">
        Response {okStatus} {okType && `(${okType})`}
      </h3>
      {ok?.content && okType === 'application/json' ? (
        <FieldTable schema={ok.content[okType].schema} />
      ) : (
        <p className="small">A file download.</p>
      )}
      {ok?.content && okType && <Example value={ok.content[okType].example} />}
      <p className="small">
        Errors: {errors.join(', ')} — each answers <code>{'{ "error": { "code", "message", "issues"? } }'}</code>
      </p>
    </details>
  );
}

/** The OpenAPI document rendered for people: one collapsible entry per operation, grouped by resource. */
export function ApiReference({ doc }: { doc: OpenApiDocument }) {
  const groups = new Map<string, { method: string; path: string; op: Operation }[]>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods as unknown as Record<string, Operation>)) {
      const tag = path.split('/')[3] ?? 'api';
      groups.set(tag, [...(groups.get(tag) ?? []), { method, path, op }]);
    }
  }
  return (
    <>
      {[...groups.entries()].map(([tag, ops]) => (
        <section key={tag}>
          <h2>{tag}</h2>
          {ops.map((o) => (
            <OperationView key={`${o.method} ${o.path}`} {...o} />
          ))}
        </section>
      ))}
    </>
  );
}
