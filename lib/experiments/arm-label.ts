/** What an experiment arm offers, in words: "10% off", "no discount", "Smart policy v2", "the current policy". */
export function describeArm(v: {
  kind: string;
  discountPct: number | null;
  policyVersion?: { version: number; policy: { name: string } } | null;
}): string {
  if (v.kind === 'none') return 'no discount';
  if (v.kind === 'current-policy') return 'the current policy';
  if (v.kind === 'policy-version')
    return v.policyVersion ? `${v.policyVersion.policy.name} v${v.policyVersion.version}` : 'a policy version';
  return `${v.discountPct ?? 0}% off`;
}
