import { createClient, type Client } from 'graphql-ws';
import request from 'supertest';
import WebSocket from 'ws';

export interface GraphqlError {
  readonly message: string;
  readonly extensions?: { readonly code?: string; readonly field?: string; readonly reason?: string; readonly [key: string]: unknown };
}

export interface GraphqlResponse<T> {
  readonly status: number;
  readonly data: T | null;
  readonly errors: GraphqlError[];
}

/** An API to call: its URL and the key to send (none: anonymous). */
export type ApiTarget = string | { readonly url: string; readonly key?: string };

const urlOf = (target: ApiTarget) => (typeof target === 'string' ? target : target.url);
const keyOf = (target: ApiTarget) => (typeof target === 'string' ? undefined : target.key);

/** POST /graphql; never throws on GraphQL errors (tests look at them). */
export async function graphql<T = Record<string, unknown>>(target: ApiTarget, query: string, variables: Record<string, unknown> = {}): Promise<GraphqlResponse<T>> {
  const post = request(urlOf(target)).post('/graphql').set('content-type', 'application/json');
  const key = keyOf(target);
  if (key) post.set('authorization', `Bearer ${key}`);
  const res = await post.send({ query, variables });
  const body = res.body as { data?: T | null; errors?: GraphqlError[] };
  return { status: res.status, data: body.data ?? null, errors: body.errors ?? [] };
}

/** The data of a query that must succeed (its errors, if any, fail the test with their messages). */
export async function graphqlData<T = Record<string, unknown>>(target: ApiTarget, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await graphql<T>(target, query, variables);
  if (res.errors.length > 0 || !res.data) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
  return res.data;
}

export function subscriptionClient(target: ApiTarget): Client {
  const key = keyOf(target);
  return createClient({
    url: `${urlOf(target).replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    ...(key ? { connectionParams: { authorization: `Bearer ${key}` } } : {}),
  });
}

/** Every payload of a subscription until the server completes it (or it errors). */
export async function collectSubscription<T>(client: Client, query: string, variables: Record<string, unknown>): Promise<{ events: T[]; errors: GraphqlError[] }> {
  const events: T[] = [];
  const errors: GraphqlError[] = [];
  try {
    for await (const result of client.iterate<T>({ query, variables })) {
      if (result.errors) errors.push(...(result.errors as GraphqlError[]));
      if (result.data) events.push(result.data);
    }
  } catch (error) {
    errors.push(...(Array.isArray(error) ? (error as GraphqlError[]) : [{ message: describeFailure(error) }]));
  }
  return { events, errors };
}

/** A failed subscription: GraphQL errors, or the socket closing (a CloseEvent: code and reason). */
function describeFailure(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const { code, reason } = error as { code: unknown; reason?: unknown };
    return `connection closed ${String(code)}: ${String(reason ?? '')}`;
  }
  return error instanceof Error ? error.message : String(error);
}
