import { readdirSync, readFileSync } from 'node:fs';

/** Linux's SCHED_IDLE, as /proc shows it. */
export const SCHED_IDLE = 5;

export interface ThreadScheduling {
  readonly tid: number;
  /** -20 to 19. */
  readonly nice: number;
  /** 0 is SCHED_OTHER, 5 SCHED_IDLE. */
  readonly policy: number;
}

/** How each thread of process `pid` is scheduled (Linux: fields 19 and 41 of /proc/PID/task/TID/stat). */
export function threadScheduling(pid: number): ThreadScheduling[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    // The fields after the command name (which may hold spaces and parentheses) start at field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { tid: Number(tid), nice: Number(fields[19 - 3]), policy: Number(fields[41 - 3]) };
  });
}

/** The scheduling policy of each thread of process `pid`. */
export const threadSchedulingPolicies = (pid: number): number[] => threadScheduling(pid).map((thread) => thread.policy);
