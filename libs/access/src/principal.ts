import { roleAllows, type ApiRole } from '@hsic/contracts';
import { ForbiddenError, UnauthenticatedError } from './access-errors.js';

/** Who is calling: a key (its name is what audit columns record), or nobody. */
export type Principal = { readonly kind: 'anonymous' } | { readonly kind: 'key'; readonly id: string; readonly name: string; readonly role: ApiRole };

export const ANONYMOUS: Principal = { kind: 'anonymous' };

/** The name recorded for what the caller changes (`anonymous` only where no key is needed). */
export const actorName = (principal: Principal): string => (principal.kind === 'key' ? principal.name : 'anonymous');

/**
 * What a caller needs for an operation: mutations always need a key of the role; reads (queries,
 * subscriptions, serving) need READ only when the deployment requires keys for reads.
 */
export function requireRole(principal: Principal, need: ApiRole, options: { readonly isRead: boolean; readonly requireKeyForReads: boolean }): void {
  if (principal.kind === 'anonymous') {
    if (options.isRead && !options.requireKeyForReads) return;
    throw new UnauthenticatedError(
      options.isRead
        ? 'this API requires a key for reads: send Authorization: Bearer <key> (a READ key or higher)'
        : `this operation needs a ${need} key: send Authorization: Bearer <key>`,
    );
  }
  if (!roleAllows(principal.role, need)) {
    throw new ForbiddenError(`key '${principal.name}' has role ${principal.role}; this operation needs ${need}`, need, principal.role);
  }
}
