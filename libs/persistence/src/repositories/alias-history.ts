import type { AliasEventReason } from '@hsic/contracts';

export interface AliasMove {
  readonly fromVersionId: string | null;
  readonly toVersionId: string;
  readonly reason: AliasEventReason;
}

/**
 * The versions an alias has pointed to, oldest first, as a stack: a promotion pushes, a rollback pops. The
 * top is the current version; the entry below it is where a rollback goes. Rolling back twice therefore
 * walks two promotions back instead of flipping between two versions.
 */
export function aliasVersionStack(moves: readonly AliasMove[]): string[] {
  const stack: string[] = [];
  for (const move of moves) {
    if (move.reason === 'rollback') stack.pop();
    else stack.push(move.toVersionId);
  }
  return stack;
}

/** The version a rollback moves the alias to, or null when there is none before the current one. */
export function rollbackTarget(moves: readonly AliasMove[]): string | null {
  const stack = aliasVersionStack(moves);
  return stack.length >= 2 ? stack[stack.length - 2] : null;
}
