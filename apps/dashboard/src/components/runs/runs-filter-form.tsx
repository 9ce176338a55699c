import { RUN_KINDS, RUN_STATUSES, type RunsListParams } from '@/lib/runs/runs-list-params';

/** A plain GET form: the filter lands in the URL, and works without JavaScript. */
export function RunsFilterForm({ params, datasets }: { params: RunsListParams; datasets: readonly string[] }) {
  return (
    <form className="row" action="/runs" method="get" role="search" aria-label="Filter runs">
      <label>
        Search
        <input type="search" name="q" defaultValue={params.q} placeholder="id, dataset, preset, model, worker, error…" size={32} />
      </label>
      <label>
        Status
        <select name="status" defaultValue={params.status ?? ''}>
          <option value="">any</option>
          {RUN_STATUSES.map((status) => (
            <option key={status} value={status}>
              {status.toLowerCase()}
            </option>
          ))}
        </select>
      </label>
      <label>
        Kind
        <select name="kind" defaultValue={params.kind ?? ''}>
          <option value="">any</option>
          {RUN_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {kind.toLowerCase()}
            </option>
          ))}
        </select>
      </label>
      <label>
        Dataset
        <select name="dataset" defaultValue={params.dataset ?? ''}>
          <option value="">any</option>
          {datasets.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      {params.sort !== 'CREATED_AT' || params.dir !== 'DESC' ? (
        <>
          <input type="hidden" name="sort" value={params.sort} />
          <input type="hidden" name="dir" value={params.dir} />
        </>
      ) : null}
      <button type="submit">Filter</button>
      <a className="button secondary" href="/runs">
        Clear
      </a>
    </form>
  );
}
