'use client';

import { useId, useState, type FormEvent } from 'react';
import { createSchedule, updateSchedule, type ScheduleForm as ScheduleFields } from '@/lib/actions/model-actions';
import { useAction } from '@/lib/actions/use-action';

export interface ScheduleFormProps {
  readonly modelName: string;
  readonly presets: readonly string[];
  readonly datasets: readonly string[];
  /** Editing an existing schedule (its id and fields); absent: creating one. */
  readonly existing?: { readonly id: string; readonly fields: ScheduleFields };
}

/** Creates a schedule, or edits one: only the changed fields are sent on edit. */
export function ScheduleForm({ modelName, presets, datasets, existing }: ScheduleFormProps) {
  const ids = useId();
  const initial: ScheduleFields = existing?.fields ?? {
    name: `${modelName}-nightly`,
    cron: '0 3 * * *',
    dataset: datasets.includes('mnist-10k') ? 'mnist-10k' : (datasets[0] ?? ''),
    preset: presets.includes('mnist-10k') ? 'mnist-10k' : '',
    alias: 'production',
    modelName,
    config: '',
    enabled: true,
  };
  const [fields, setFields] = useState<ScheduleFields>(initial);
  // What the form showed when it opened: an edit sends only the fields changed since (the page keys the form
  // by the schedule's updatedAt, so a change made elsewhere, e.g. Pause, opens a fresh form).
  const [opened] = useState<ScheduleFields>(initial);
  const { run, pending, problem, done } = useAction<{ id: string }>();
  const update = (change: Partial<ScheduleFields>) => setFields((f) => ({ ...f, ...change }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!existing) return run(() => createSchedule(fields));
    const changed = Object.fromEntries(Object.entries(fields).filter(([key, value]) => opened[key as keyof ScheduleFields] !== value));
    run(() => updateSchedule(existing.id, changed));
  };
  return (
    <form onSubmit={submit} className="stack" aria-label={existing ? `Edit schedule ${initial.name}` : 'New schedule'}>
      <div className="row">
        {existing ? null : (
          <label>
            Name
            <input type="text" value={fields.name} onChange={(e) => update({ name: e.target.value })} required />
          </label>
        )}
        <label>
          Cron (UTC, 5 fields)
          <input type="text" value={fields.cron} onChange={(e) => update({ cron: e.target.value })} className="mono" required size={14} />
        </label>
        <label>
          Dataset
          <select value={fields.dataset} onChange={(e) => update({ dataset: e.target.value })}>
            {datasets.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <label>
          Preset
          <select value={fields.preset} onChange={(e) => update({ preset: e.target.value })}>
            <option value="">(none: the config below)</option>
            {presets.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label>
          Alias to promote
          <input type="text" value={fields.alias} onChange={(e) => update({ alias: e.target.value })} size={11} />
        </label>
        <label className="inline">
          <input type="checkbox" checked={fields.enabled} onChange={(e) => update({ enabled: e.target.checked })} />
          Enabled
        </label>
      </div>
      <label htmlFor={`${ids}-config`}>Config overrides (JSON)</label>
      <textarea id={`${ids}-config`} value={fields.config} onChange={(e) => update({ config: e.target.value })} placeholder='{"hsic": {"epochs": 3}}' spellCheck={false} />
      <div className="row" style={{ alignItems: 'center' }}>
        <button type="submit" disabled={pending}>
          {pending ? 'Saving…' : existing ? 'Save schedule' : 'Create schedule'}
        </button>
        {problem ? (
          <span role="alert" className="field-error">
            {problem}
          </span>
        ) : done ? (
          <span role="status">Saved.</span>
        ) : null}
      </div>
    </form>
  );
}
