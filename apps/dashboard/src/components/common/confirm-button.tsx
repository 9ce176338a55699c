'use client';

import { useId, useRef, type ReactNode } from 'react';

/**
 * A button that asks first, in a modal dialog (focus moves into it, Escape cancels): for promote, roll back,
 * delete and cancel, which change what users see or what is served.
 */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  onConfirm,
  disabled,
  danger,
  className,
}: {
  label: ReactNode;
  question: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  danger?: boolean;
  className?: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  return (
    <>
      <button type="button" className={className ?? (danger ? 'danger' : undefined)} disabled={disabled} onClick={() => dialog.current?.showModal()}>
        {label}
      </button>
      <dialog ref={dialog} aria-labelledby={titleId}>
        <p id={titleId}>{question}</p>
        <div className="row">
          <button
            type="button"
            className={danger ? 'danger' : undefined}
            onClick={() => {
              dialog.current?.close();
              onConfirm();
            }}
          >
            {confirmLabel}
          </button>
          <button type="button" className="secondary" onClick={() => dialog.current?.close()} autoFocus>
            Keep as is
          </button>
        </div>
      </dialog>
    </>
  );
}
