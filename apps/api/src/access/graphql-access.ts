import { UnauthenticatedError, ForbiddenError } from '@hsic/access';
import { GraphQLError } from 'graphql';
import type { Context as WsContext } from 'graphql-ws';
import type { IncomingMessage } from 'node:http';
import type { ApiAccess } from './api-access.js';
import type { GraphqlContext } from './caller.js';

/** Access failures as GraphQL's conventional codes (HTTP 401 / 403 when they stop the whole request). */
export function accessGraphqlError(error: unknown): GraphQLError | null {
  if (error instanceof UnauthenticatedError) return new GraphQLError(error.message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
  if (error instanceof ForbiddenError) return new GraphQLError(error.message, { extensions: { code: 'FORBIDDEN', needed: error.needed, role: error.had } });
  return null;
}

/** Apollo's per-request context: the caller, checked like any read. */
export function httpGraphqlContext(access: ApiAccess) {
  return async ({ req }: { req: IncomingMessage }): Promise<GraphqlContext> => {
    try {
      return { principal: await access.reader(req.headers.authorization) };
    } catch (error) {
      throw accessGraphqlError(error) ?? error;
    }
  };
}

type Extra = { principal?: GraphqlContext['principal'] };

/** The key a graphql-ws client sends in its connection_init payload: `{ "authorization": "Bearer <key>" }`. */
const connectionKey = (params: Readonly<Record<string, unknown>> | undefined): string | undefined => {
  const value = params?.authorization ?? params?.Authorization;
  return typeof value === 'string' ? value : undefined;
};

/**
 * graphql-ws: the caller is checked once, at connection_init. A refused connection is closed with 4401
 * (no or bad key) or 4403 and the reason, before any subscription starts.
 */
export function websocketAccess(access: ApiAccess) {
  return {
    onConnect: async (ctx: WsContext<Record<string, unknown>, Extra & { socket?: { close(code: number, reason: string): void } }>) => {
      try {
        ctx.extra.principal = await access.reader(connectionKey(ctx.connectionParams));
        return true;
      } catch (error) {
        const denied = accessGraphqlError(error);
        if (!denied) throw error;
        const code = denied.extensions.code === 'FORBIDDEN' ? 4403 : 4401;
        ctx.extra.socket?.close(code, denied.message.slice(0, 120)); // a close reason holds at most 123 bytes
        return false;
      }
    },
    context: (ctx: WsContext<Record<string, unknown>, Extra>): GraphqlContext => ({ principal: ctx.extra.principal ?? { kind: 'anonymous' } }),
  };
}
