'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState, useTransition, type FormEvent } from 'react';
import { checkRun, startRun, type RunCheck } from '@/lib/actions/run-actions';
import type { ApiProblem } from '@/lib/api/api-errors';
import { bytes } from '@/lib/format/format';
import { RUN_KINDS } from '@/lib/runs/runs-list-params';
import type { RunRequestForm } from '@/lib/runs/run-request';

export interface PresetOption {
  readonly name: string;
  readonly description: string;
  readonly dataset: string;
}

const CHECK_DELAY_MS = 400;

/**
 * Starts a run. As the form changes, the API checks it (validateRun: the same checks as startRun, nothing
 * stored) and its verdict shows here, so what is refused is refused in the API's own words before submit.
 */
export function StartRunForm({ presets, datasets }: { presets: readonly PresetOption[]; datasets: readonly string[] }) {
  const router = useRouter();
  const ids = useId();
  const [form, setForm] = useState<RunRequestForm>({
    kind: 'PIPELINE',
    dataset: presets.find((p) => p.name === 'smoke')?.dataset ?? datasets[0] ?? '',
    preset: presets.some((p) => p.name === 'smoke') ? 'smoke' : '',
    modelName: '',
    sourceRunId: '',
    overrides: '',
  });
  const [check, setCheck] = useState<RunCheck | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [submitting, startSubmit] = useTransition();
  const latestCheck = useRef(0);
  /** The idempotency key of the request the form holds now (made at the first submit). */
  const submission = useRef<string | null>(null);

  useEffect(() => {
    submission.current = null;
    const ticket = ++latestCheck.current;
    const timer = setTimeout(async () => {
      const result = await checkRun(form);
      if (ticket !== latestCheck.current) return; // an older answer arriving late
      if (result.ok) {
        setCheck(result.value);
        setProblem(null);
      } else {
        setCheck(null);
        setProblem(result.problem);
      }
    }, CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [form]);

  const update = (change: Partial<RunRequestForm>) => setForm((current) => ({ ...current, ...change }));
  const choosePreset = (name: string) => {
    const preset = presets.find((p) => p.name === name);
    update(preset ? { preset: name, dataset: preset.dataset } : { preset: '' });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // One key per request: a second click on the same form gets the same run; a changed form is a new request.
    submission.current ??= crypto.randomUUID();
    const key = submission.current;
    startSubmit(async () => {
      const result = await startRun(form, key);
      if (result.ok) router.push(`/runs/${result.value.id}`);
      else setProblem(result.problem);
    });
  };

  const preset = presets.find((p) => p.name === form.preset);
  const fieldProblems = (prefix: string) => check?.problems.filter((p) => p.field === prefix || p.field.startsWith(`${prefix}.`)) ?? [];

  return (
    <form onSubmit={submit} aria-labelledby={`${ids}-title`} className="panel stack">
      <h2 id={`${ids}-title`} style={{ marginTop: 0 }}>
        Start a run
      </h2>
      <div className="row">
        <label>
          Kind
          <select value={form.kind} onChange={(e) => update({ kind: e.target.value })}>
            {RUN_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {kind.toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <label>
          Preset
          <select value={form.preset} onChange={(e) => choosePreset(e.target.value)}>
            <option value="">(none: the overrides are the whole config)</option>
            {presets.map((p) => (
              <option key={p.name} value={p.name}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Dataset
          <select value={form.dataset} onChange={(e) => update({ dataset: e.target.value })} aria-describedby={`${ids}-dataset-problems`}>
            {datasets.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Register as model (optional)
          <input type="text" value={form.modelName} onChange={(e) => update({ modelName: e.target.value })} placeholder="e.g. mnist" />
        </label>
        {form.kind === 'FORMAT' ? (
          <label>
            Source run (HSIC or pipeline)
            <input type="text" value={form.sourceRunId} onChange={(e) => update({ sourceRunId: e.target.value })} placeholder="run id" className="mono" />
          </label>
        ) : null}
      </div>
      {preset ? <p className="muted" style={{ margin: 0 }}>{preset.description}</p> : null}
      <ul id={`${ids}-dataset-problems`} className="problems" aria-live="polite">
        {fieldProblems('dataset').map((p) => (
          <li key={p.message}>{p.message}</li>
        ))}
      </ul>
      <label>
        Overrides (JSON merged into the preset; null removes a section)
        <textarea
          value={form.overrides}
          onChange={(e) => update({ overrides: e.target.value })}
          placeholder='{"hsic": {"epochs": 3}, "backprop": null}'
          spellCheck={false}
          aria-describedby={`${ids}-check`}
        />
      </label>
      {check?.estimate ? (
        <p className="muted" data-testid="run-estimate">
          Needs about {bytes(check.estimate.memoryBytes)} of memory of the {bytes(check.estimate.budgetBytes)} a worker may use ({check.estimate.budgetSource}); {check.estimate.roughDuration} of
          training on one CPU core.
        </p>
      ) : null}
      <div id={`${ids}-check`} aria-live="polite">
        {check === null ? (
          <p className="muted">Checking with the API…</p>
        ) : check.valid ? (
          <details>
            <summary>The API accepts this run. Complete config it will train with</summary>
            <pre>{JSON.stringify(check.config, null, 2)}</pre>
          </details>
        ) : (
          <>
            <p className="field-error">The API would refuse this run:</p>
            <ul className="problems">
              {check.problems.map((p) => (
                <li key={`${p.field}:${p.message}`}>
                  <code>{p.field}</code>: {p.message}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      {problem ? (
        <p role="alert" className="field-error">
          {problem.message}
        </p>
      ) : null}
      <div className="row">
        <button type="submit" disabled={submitting}>
          {submitting ? 'Starting…' : 'Start run'}
        </button>
      </div>
    </form>
  );
}
