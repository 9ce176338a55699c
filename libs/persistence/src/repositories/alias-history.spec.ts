import { aliasVersionStack, rollbackTarget, type AliasMove } from './alias-history.js';

const promote = (from: string | null, to: string): AliasMove => ({ fromVersionId: from, toVersionId: to, reason: 'promote' });
const rollback = (from: string, to: string): AliasMove => ({ fromVersionId: from, toVersionId: to, reason: 'rollback' });

describe('alias history', () => {
  it('has nowhere to roll back to after a single promotion', () => {
    expect(rollbackTarget([promote(null, 'v1')])).toBeNull();
    expect(rollbackTarget([])).toBeNull();
  });

  it('walks back through promotions instead of flipping between the last two', () => {
    const moves = [promote(null, 'v1'), promote('v1', 'v2'), { ...promote('v2', 'v3'), reason: 'schedule' as const }];
    expect(rollbackTarget(moves)).toBe('v2');
    const once = [...moves, rollback('v3', 'v2')];
    expect(rollbackTarget(once)).toBe('v1');
    const twice = [...once, rollback('v2', 'v1')];
    expect(aliasVersionStack(twice)).toEqual(['v1']);
    expect(rollbackTarget(twice)).toBeNull();
  });

  it('treats promoting an old version again as a new step that can be undone', () => {
    expect(rollbackTarget([promote(null, 'v1'), promote('v1', 'v2'), promote('v2', 'v1')])).toBe('v2');
  });
});
