import type { ApiProblem } from '@/lib/api/api-errors';

/** What a page shows instead of its content when the API is down or refused the request. */
export function ApiProblemNotice({ problem, what }: { problem: ApiProblem; what?: string }) {
  if (problem.kind === 'unreachable') {
    return (
      <section className="notice error" role="alert" aria-labelledby="api-down-title">
        <h2 id="api-down-title">The API is not answering</h2>
        <p>{problem.message}</p>
        <p className="muted">
          Start the stack with <code>npm start</code>, or point the dashboard at a running API with <code>HSIC_API_URL</code>. This page
          loads again when you reload it.
        </p>
      </section>
    );
  }
  return (
    <section className="notice error" role="alert">
      <h2>{what ? `Could not load ${what}` : 'The API refused the request'}</h2>
      <p>
        {problem.message}
        {problem.code ? <span className="muted"> ({problem.code})</span> : null}
      </p>
    </section>
  );
}
