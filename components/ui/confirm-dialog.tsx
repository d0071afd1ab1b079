'use client';

import { AlertDialog } from 'radix-ui';

/**
 * A button that asks before a live change, stating its effect in words (Radix AlertDialog: focus trap, Escape
 * cancels, the confirm button is explicit).
 */
export function ConfirmButton({
  label,
  title,
  effect,
  confirmLabel,
  onConfirm,
  danger,
  disabled,
}: {
  label: string;
  title: string;
  effect: React.ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  danger?: boolean;
  disabled?: boolean;
}) {
  return (
    <AlertDialog.Root>
      <AlertDialog.Trigger asChild>
        <button className={`btn ${danger ? 'danger' : ''}`} type="button" disabled={disabled}>
          {label}
        </button>
      </AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="dialog-overlay" />
        <AlertDialog.Content className="dialog-content">
          <AlertDialog.Title className="dialog-title">{title}</AlertDialog.Title>
          <AlertDialog.Description className="dialog-effect">{effect}</AlertDialog.Description>
          <div className="row" style={{ justifyContent: 'flex-end' }}>
            <AlertDialog.Cancel asChild>
              <button className="btn" type="button">
                Cancel
              </button>
            </AlertDialog.Cancel>
            <AlertDialog.Action asChild>
              <button className={`btn ${danger ? 'danger' : 'primary'}`} type="button" onClick={onConfirm}>
                {confirmLabel}
              </button>
            </AlertDialog.Action>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
