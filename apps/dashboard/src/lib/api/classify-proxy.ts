import { apiAuthorization, serverEnv } from '../server-env';

/** The API's error body (`{"error", "code"}`), so a client of /api/classify handles one shape whoever answered. */
const errorResponse = (status: number, error: string, code: string, headers: Record<string, string> = {}) =>
  Response.json({ error, code }, { status, headers });

const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Headers of the API's answer worth passing on (the rest are hop-by-hop or the API's own business). */
const PASSED_HEADERS = ['content-type', 'retry-after', 'allow'];

/**
 * POST /api/classify: the API's `:classify` of the model's `production` alias, on the dashboard's own origin.
 * The multipart body goes through untouched (the API checks it and sets the limits); its answer comes back
 * as it is, status included. `?model=NAME` picks another model than HSIC_DASHBOARD_MODEL.
 */
export async function proxyClassify(request: Request): Promise<Response> {
  const env = serverEnv();
  const model = new URL(request.url).searchParams.get('model') ?? env.HSIC_DASHBOARD_MODEL;
  if (!MODEL_NAME.test(model)) {
    return errorResponse(400, `model: expected a model name (letters, digits, '.', '_', '-'; at most 64), got '${model.slice(0, 80)}'`, 'invalid_path');
  }
  const contentType = request.headers.get('content-type');
  const target = `${env.HSIC_API_URL}/v1/models/${encodeURIComponent(model)}/labels/production:classify`;
  let answer: Response;
  try {
    answer = await fetch(target, {
      method: 'POST',
      headers: { ...apiAuthorization(), ...(contentType ? { 'content-type': contentType } : {}) },
      body: request.body,
      // @ts-expect-error -- Node's fetch needs `duplex` to send a stream; the DOM typings do not know it.
      duplex: 'half',
      signal: AbortSignal.timeout(env.HSIC_API_TIMEOUT_MS),
      cache: 'no-store',
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    return timedOut
      ? errorResponse(504, `the API at ${env.HSIC_API_URL} did not answer within ${env.HSIC_API_TIMEOUT_MS} ms`, 'api_timeout')
      : errorResponse(502, `the API at ${env.HSIC_API_URL} is not answering (${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)})`, 'api_unreachable');
  }
  const headers = new Headers();
  for (const name of PASSED_HEADERS) {
    const value = answer.headers.get(name);
    if (value) headers.set(name, value);
  }
  return new Response(answer.body, { status: answer.status, headers });
}

export const methodNotAllowed = (): Response =>
  errorResponse(405, 'POST /api/classify takes multipart/form-data with PNG or JPEG files in the field "images"', 'method_not_allowed', { allow: 'POST' });
