'use client';

import { Select as RadixSelect } from 'radix-ui';

export interface SelectOption {
  value: string;
  label: React.ReactNode;
  /** plain text for the closed trigger when the label is rich */
  text?: string;
}

/** A single-choice picker (Radix Select: a listbox with keyboard and type-ahead; styling ours). */
export function Select({
  id,
  label,
  value,
  onChange,
  options,
  placeholder = 'Choose…',
  disabled,
}: {
  id: string;
  label: string;
  value: string | undefined;
  onChange: (value: string) => void;
  options: SelectOption[];
  placeholder?: string;
  disabled?: boolean;
}) {
  return (
    <RadixSelect.Root
      value={value ?? ''}
      // Inside a <form>, Radix mirrors the choice into a hidden native <select>; while the chosen option is not in
      // the list yet (a campaign just created, its list still refetching) that element reports '' and Radix passes
      // it on, wiping the choice. None of our pickers has an empty option, so '' is never a user's choice.
      onValueChange={(v) => {
        if (v !== '') onChange(v);
      }}
      disabled={disabled}
    >
      <RadixSelect.Trigger id={id} className="select-trigger" aria-label={label}>
        <RadixSelect.Value placeholder={placeholder} />
        <RadixSelect.Icon aria-hidden>▾</RadixSelect.Icon>
      </RadixSelect.Trigger>
      <RadixSelect.Portal>
        <RadixSelect.Content className="select-content" position="popper" sideOffset={4}>
          <RadixSelect.Viewport>
            {options.map((o) => (
              <RadixSelect.Item key={o.value} value={o.value} className="select-item" textValue={o.text}>
                <RadixSelect.ItemText>{o.label}</RadixSelect.ItemText>
              </RadixSelect.Item>
            ))}
          </RadixSelect.Viewport>
        </RadixSelect.Content>
      </RadixSelect.Portal>
    </RadixSelect.Root>
  );
}
