'use client';

import { useFormat } from '@/components/ui/format-provider';
import { type CustomerAttributeRow, useCustomerAttributes } from '@/lib/client/hooks/use-attributes';

/**
 * Checkboxes for the organisation's customer attributes (extra columns of uploaded customers files), with each
 * one's type and how many customers have a value. Renders nothing when there are none.
 */
export function AttributePicker({
  selected,
  onChange,
  legend = 'Customer attributes',
}: {
  selected: string[];
  onChange: (next: string[], all: CustomerAttributeRow[]) => void;
  legend?: string;
}) {
  const f = useFormat();
  const { data } = useCustomerAttributes();
  const items = data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <fieldset className="attribute-picker" data-testid="attribute-picker">
      <legend className="small">{legend}</legend>
      <div className="row small" style={{ gap: '0.8rem' }}>
        {items.map((a) => (
          <label key={a.name}>
            <input
              type="checkbox"
              checked={selected.includes(a.name)}
              onChange={(e) =>
                onChange(e.target.checked ? [...selected, a.name] : selected.filter((x) => x !== a.name), items)
              }
            />{' '}
            {a.name}{' '}
            <span className="muted">
              ({a.type === 'numeric' ? 'number' : 'category'}, {f.number(a.customers, 0)} customers)
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
