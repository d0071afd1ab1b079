'use client';

import { useState } from 'react';
import { checkDraftRules, type DraftIssue } from '@/lib/policies/draft-check';
import type { PolicyRules } from '@/lib/policies/rules';

/**
 * The rule set as JSON, for people who prefer it: validated exactly like the editor (schema + known ids) before
 * it is applied back to the editor.
 */
export function AdvancedJson({
  rules,
  known,
  onApply,
}: {
  rules: Record<string, unknown>;
  known: { segmentIds: string[]; modelVersionIds: string[] };
  onApply: (rules: PolicyRules) => void;
}) {
  const [text, setText] = useState(() => JSON.stringify(rules, null, 2));
  const [issues, setIssues] = useState<DraftIssue[]>([]);
  const [applied, setApplied] = useState(false);
  function apply() {
    setApplied(false);
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return setIssues([{ path: 'rules', message: 'not valid JSON' }]);
    }
    const r = checkDraftRules(raw, known);
    setIssues(r.issues);
    if (r.rules && r.issues.length === 0) {
      onApply(r.rules);
      setApplied(true);
    }
  }
  return (
    <div>
      <div className="field">
        <label htmlFor="rules-json">Rules (JSON)</label>
        <textarea
          id="rules-json"
          rows={12}
          value={text}
          onChange={(e) => setText(e.target.value)}
          style={{ fontFamily: 'monospace' }}
        />
      </div>
      {issues.length > 0 && (
        <ul className="issues" role="alert">
          {issues.map((i) => (
            <li key={`${i.path}:${i.message}`}>
              <code>{i.path}</code>: {i.message}
            </li>
          ))}
        </ul>
      )}
      {applied && <p className="small muted">Applied to the editor.</p>}
      <button className="btn" type="button" onClick={apply}>
        Check and apply JSON
      </button>
    </div>
  );
}
