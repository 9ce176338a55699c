// The parts of Express 5's request and response this app uses (the workspace has no @types/express).
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface HttpRequest extends IncomingMessage {
  /** Path without the query string. */
  readonly path: string;
  /** The URL as received, before a mounted middleware (e.g. GraphQL at /graphql) rewrote `path`. */
  readonly originalUrl: string;
  readonly body: unknown;
  /** The matching type when the Content-Type is one of `types`, else false (null: no body). */
  is(...types: string[]): string | false | null;
}

export interface HttpResponse extends ServerResponse {
  status(code: number): this;
  json(body: unknown): this;
  type(contentType: string): this;
  send(body: string): this;
}

export type NextFunction = (error?: unknown) => void;
