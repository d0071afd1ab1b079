'use client';

import { Checkbox as RadixCheckbox } from 'radix-ui';

/** A labelled checkbox (Radix primitive: keyboard, aria-checked; styling ours). */
export function Checkbox({
  id,
  label,
  checked,
  onChange,
  disabled,
}: {
  id: string;
  label: React.ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
}) {
  return (
    <span className="check">
      <RadixCheckbox.Root
        id={id}
        className="check-box"
        checked={checked}
        disabled={disabled}
        onCheckedChange={(c) => onChange(c === true)}
      >
        <RadixCheckbox.Indicator className="check-mark">✓</RadixCheckbox.Indicator>
      </RadixCheckbox.Root>
      <label htmlFor={id}>{label}</label>
    </span>
  );
}
