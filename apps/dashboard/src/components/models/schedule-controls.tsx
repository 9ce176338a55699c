'use client';

import { deleteSchedule, updateSchedule } from '@/lib/actions/model-actions';
import { useAction } from '@/lib/actions/use-action';
import { ConfirmButton } from '../common/confirm-button';

/** Pause / resume (immediately) and delete (after a confirmation) one schedule. */
export function ScheduleControls({ id, name, enabled }: { id: string; name: string; enabled: boolean }) {
  const { run, pending, problem } = useAction<{ id: string }>();
  return (
    <div className="row" style={{ alignItems: 'center' }}>
      <button type="button" className="secondary" disabled={pending} onClick={() => run(() => updateSchedule(id, { enabled: !enabled }))}>
        {enabled ? 'Pause' : 'Resume'}
      </button>
      <ConfirmButton
        label="Delete"
        danger
        disabled={pending}
        question={
          <>
            Delete schedule <strong>{name}</strong> and its decisions? The runs it started stay.
          </>
        }
        confirmLabel="Delete schedule"
        onConfirm={() => run(() => deleteSchedule(id))}
      />
      {problem ? (
        <span role="alert" className="field-error">
          {problem}
        </span>
      ) : null}
    </div>
  );
}
