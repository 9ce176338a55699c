import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { apiAuthorization, serverEnv } from '../server-env';

let client: Client | undefined;

/**
 * One graphql-ws connection from this dashboard process to the API, shared by every live page open in any
 * browser (each is one subscription on it). Opened on first use, closed when idle.
 */
export function subscriptionClient(): Client {
  client ??= createClient({
    url: `${serverEnv().HSIC_API_URL.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: () => apiAuthorization(),
    lazy: true,
    lazyCloseTimeout: 5_000,
    keepAlive: 10_000,
    retryAttempts: 2,
  });
  return client;
}
