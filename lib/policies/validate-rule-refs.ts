import 'server-only';
import type { Prisma } from '@/generated/prisma/client';
import { AppError, type ErrorIssue } from '../http/errors';
import { contextualModelProblem } from './contextual-mode';
import type { PolicyRules } from './rules';

type Tx = Pick<Prisma.TransactionClient, 'modelVersion' | 'segment'>;

/**
 * Every id a rule set names (the model of a model-optimal policy, each segment it prices or excludes) must be a
 * row of the drafting organisation: an unknown or another organisation's id is a 422 naming the field, never a
 * foreign-key 500 or a stored reference across tenants.
 */
export async function assertRuleRefsInOrg(tx: Tx, orgId: string, rules: PolicyRules): Promise<void> {
  const issues: ErrorIssue[] = [];
  if (rules.mode === 'model-optimal' || rules.mode === 'contextual') {
    const m = await tx.modelVersion.findFirst({
      where: { id: rules.modelVersionId, organizationId: orgId },
      select: { id: true, name: true, version: true, algorithm: true, modelJson: true },
    });
    if (!m)
      issues.push({ path: ['rules', 'modelVersionId'], message: 'no model version of your organisation has this id' });
    else if (rules.mode === 'contextual') {
      const problem = contextualModelProblem(m);
      if (problem) issues.push({ path: ['rules', 'modelVersionId'], message: problem, code: 'unusable_model' });
    }
  }
  const named: [(string | number)[], string][] = [
    ...rules.excludedSegmentIds.map((id, i): [(string | number)[], string] => [['rules', 'excludedSegmentIds', i], id]),
    ...(rules.mode === 'segments'
      ? rules.segments.map((s, i): [(string | number)[], string] => [
          ['rules', 'segments', i, 'segmentId'],
          s.segmentId,
        ])
      : []),
  ];
  if (named.length) {
    const found = await tx.segment.findMany({
      where: { organizationId: orgId, id: { in: [...new Set(named.map(([, id]) => id))] } },
      select: { id: true },
    });
    const known = new Set(found.map((s) => s.id));
    for (const [path, id] of named)
      if (!known.has(id)) issues.push({ path, message: 'no segment of your organisation has this id' });
  }
  if (issues.length)
    throw new AppError(
      'unprocessable',
      issues[0].code === 'unusable_model'
        ? issues[0].message
        : `Unknown id at ${issues[0].path.join('.')}: ${issues[0].message}`,
      issues.map((i) => ({ ...i, code: i.code ?? 'unknown_reference' })),
    );
}
