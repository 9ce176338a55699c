'use client';

import { useId, useState } from 'react';
import { promoteVersion, rollbackAlias } from '@/lib/actions/model-actions';
import { useAction } from '@/lib/actions/use-action';
import { ConfirmButton } from '../common/confirm-button';

/** Points an alias (default production) at this version, after a confirmation. */
export function PromoteVersion({ model, version, current }: { model: string; version: number; current: Readonly<Record<string, number>> }) {
  const id = useId();
  const [alias, setAlias] = useState('production');
  const { run, pending, problem } = useAction<{ alias: string; version: number }>();
  const now = current[alias.trim()];
  return (
    <div className="row" style={{ alignItems: 'center' }}>
      <label className="inline" htmlFor={`${id}-alias`}>
        <span className="visually-hidden">Alias for version {version}</span>
        <input id={`${id}-alias`} type="text" value={alias} onChange={(e) => setAlias(e.target.value)} size={11} />
      </label>
      <ConfirmButton
        label={pending ? 'Promoting…' : 'Promote'}
        className="secondary"
        disabled={pending || alias.trim() === '' || now === version}
        question={
          <>
            Point <strong>{alias}</strong> of <strong>{model}</strong> at version {version}
            {now !== undefined ? ` (it points at version ${now} now)` : ''}? Requests for {alias} are answered by version {version} from then on.
          </>
        }
        confirmLabel={`Promote to ${alias}`}
        onConfirm={() => run(() => promoteVersion({ model, version, alias: alias.trim() }))}
      />
      {problem ? (
        <span role="alert" className="field-error">
          {problem}
        </span>
      ) : null}
    </div>
  );
}

/** Moves an alias back to the version it pointed at before its current one (the API keeps that history), after a confirmation. */
export function RollbackAlias({ model, alias, current, canRollBack }: { model: string; alias: string; current: number; canRollBack: boolean }) {
  const { run, pending, problem, done } = useAction<{ alias: string; version: number }>();
  return (
    <div className="row" style={{ alignItems: 'center' }}>
      <ConfirmButton
        label={pending ? 'Rolling back…' : 'Roll back'}
        className="secondary"
        disabled={pending || !canRollBack}
        question={
          <>
            Move <strong>{alias}</strong> of <strong>{model}</strong> from version {current} back to the version it pointed at before?
          </>
        }
        confirmLabel="Roll back"
        onConfirm={() => run(() => rollbackAlias({ model, alias }))}
      />
      {problem ? (
        <span role="alert" className="field-error">
          {problem}
        </span>
      ) : done ? (
        <span role="status">
          {done.alias} now points at version {done.version}.
        </span>
      ) : null}
    </div>
  );
}
