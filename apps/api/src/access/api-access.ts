import { Authenticator, ForbiddenError, requireRole, UnauthenticatedError, type Principal } from '@hsic/access';
import type { ApiRole } from '@hsic/contracts';
import type { Repositories } from '@hsic/persistence';

/**
 * Who may do what on this API: keys are read from `Authorization: Bearer` (HTTP) or the graphql-ws
 * connection_init payload; mutations need a key of their role; reads (queries, subscriptions, serving,
 * /metrics) need READ only when `requireKeyForReads`. Health probes are always open.
 */
export class ApiAccess {
  constructor(
    readonly authenticator: Authenticator,
    readonly requireKeyForReads: boolean,
  ) {}

  static over(repos: Pick<Repositories, 'apiKeys'>, options: { readonly requireKeyForReads: boolean; readonly onError?: (error: unknown) => void }): ApiAccess {
    const authenticator = new Authenticator({
      findActiveKey: (hash) => repos.apiKeys.findActiveByHash(hash),
      touch: (id, at) => repos.apiKeys.touch(id, at),
      onTouchError: options.onError,
    });
    return new ApiAccess(authenticator, options.requireKeyForReads);
  }

  /** The caller of a read: a bad key is refused, and no key is refused when keys are required for reads. */
  async reader(header: string | string[] | undefined | null): Promise<Principal> {
    const principal = await this.authenticator.authenticate(header);
    requireRole(principal, 'READ', { isRead: true, requireKeyForReads: this.requireKeyForReads });
    return principal;
  }

  /** A change: a key of `role` or higher, always. */
  require(principal: Principal, role: ApiRole): void {
    requireRole(principal, role, { isRead: false, requireKeyForReads: this.requireKeyForReads });
  }
}

/** HTTP status and body (`{"error", "code"}`, as the serving errors) of an access failure; null for other errors. */
export function accessErrorReply(error: unknown): { status: 401 | 403; body: { error: string; code: 'unauthenticated' | 'forbidden' } } | null {
  if (error instanceof UnauthenticatedError) return { status: 401, body: { error: error.message, code: 'unauthenticated' } };
  if (error instanceof ForbiddenError) return { status: 403, body: { error: error.message, code: 'forbidden' } };
  return null;
}
