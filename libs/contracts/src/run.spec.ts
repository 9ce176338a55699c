import { canTransitionRun, isTerminalRunStatus, RUN_STATUSES, runStatusesLeadingTo } from './run.js';

describe('run state machine', () => {
  it.each([
    ['QUEUED', 'RUNNING'],
    ['QUEUED', 'CANCELLED'],
    ['QUEUED', 'FAILED'],
    ['RUNNING', 'RUNNING'],
    ['RUNNING', 'QUEUED'],
    ['RUNNING', 'SUCCEEDED'],
    ['RUNNING', 'FAILED'],
    ['RUNNING', 'CANCELLED'],
  ] as const)('allows %s → %s', (from, to) => {
    expect(canTransitionRun(from, to)).toBe(true);
  });

  it.each([
    ['QUEUED', 'SUCCEEDED'],
    ['QUEUED', 'QUEUED'],
  ] as const)('refuses %s → %s', (from, to) => {
    expect(canTransitionRun(from, to)).toBe(false);
  });

  it('has no way out of a terminal state', () => {
    for (const from of RUN_STATUSES.filter(isTerminalRunStatus)) {
      for (const to of RUN_STATUSES) expect(canTransitionRun(from, to)).toBe(false);
    }
  });

  it('lists where a status can be reached from', () => {
    expect(runStatusesLeadingTo('CANCELLED')).toEqual(['QUEUED', 'RUNNING']);
    expect(runStatusesLeadingTo('SUCCEEDED')).toEqual(['RUNNING']);
  });
});
