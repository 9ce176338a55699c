import { readdirSync, readFileSync } from 'node:fs';

/** Linux's SCHED_IDLE, as /proc shows it. */
export const SCHED_IDLE = 5;

/** The scheduling policy of each thread of process `pid` (Linux: field 41 of /proc/PID/task/TID/stat; 0 is SCHED_OTHER). */
export function threadSchedulingPolicies(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    // The fields after the command name (which may hold spaces and parentheses) start at field 3.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[41 - 3]);
  });
}
