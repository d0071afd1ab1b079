import { type PolicyRules, ZPolicyRules } from './rules';

/**
 * Checks a rule set the way the editor and the advanced JSON view both need it (pure, usable in the browser):
 * the zod schema first, then every id against what the organisation actually has — segments and model versions
 * it can pick — so a template with placeholder ids, or a segment from another organisation, cannot be saved.
 * The server repeats the id check (lib/policies) and answers 422 naming the field.
 */
export interface DraftIssue {
  path: string;
  message: string;
}

export function checkDraftRules(
  raw: unknown,
  known: { segmentIds: readonly string[]; modelVersionIds: readonly string[] },
): { rules: PolicyRules | null; issues: DraftIssue[] } {
  const parsed = ZPolicyRules.safeParse(raw);
  if (!parsed.success)
    return {
      rules: null,
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.') || 'rules', message: i.message })),
    };
  const rules = parsed.data;
  const issues: DraftIssue[] = [];
  const segments = new Set(known.segmentIds);
  if (rules.mode === 'segments') {
    const seen = new Set<string>();
    rules.segments.forEach((s, i) => {
      if (!segments.has(s.segmentId))
        issues.push({ path: `segments.${i}.segmentId`, message: `unknown segment "${s.segmentId}"` });
      if (seen.has(s.segmentId)) issues.push({ path: `segments.${i}.segmentId`, message: 'segment listed twice' });
      seen.add(s.segmentId);
    });
  }
  rules.excludedSegmentIds.forEach((id, i) => {
    if (!segments.has(id)) issues.push({ path: `excludedSegmentIds.${i}`, message: `unknown segment "${id}"` });
  });
  if (rules.mode === 'model-optimal' || rules.mode === 'contextual') {
    if (!known.modelVersionIds.includes(rules.modelVersionId))
      issues.push({ path: 'modelVersionId', message: `unknown model version "${rules.modelVersionId}"` });
    if (!rules.levels.includes(0))
      issues.push({ path: 'levels', message: 'include 0% so customers who do not need a discount get none' });
    if (new Set(rules.levels).size !== rules.levels.length)
      issues.push({ path: 'levels', message: 'each discount level once' });
  }
  return { rules, issues };
}
