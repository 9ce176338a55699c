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

/** POST /graphql; never throws on GraphQL errors (tests look at them). */
export async function graphql<T = Record<string, unknown>>(baseUrl: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphqlResponse<T>> {
  const res = await request(baseUrl).post('/graphql').set('content-type', 'application/json').send({ query, variables });
  const body = res.body as { data?: T | null; errors?: GraphqlError[] };
  return { status: res.status, data: body.data ?? null, errors: body.errors ?? [] };
}

/** The data of a query that must succeed (its errors, if any, fail the test with their messages). */
export async function graphqlData<T = Record<string, unknown>>(baseUrl: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await graphql<T>(baseUrl, query, variables);
  if (res.errors.length > 0 || !res.data) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
  return res.data;
}

export function subscriptionClient(baseUrl: string): Client {
  return createClient({ url: `${baseUrl.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
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
    errors.push(...(Array.isArray(error) ? (error as GraphqlError[]) : [{ message: String(error) }]));
  }
  return { events, errors };
}
