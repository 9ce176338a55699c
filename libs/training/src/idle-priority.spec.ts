import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { SCHED_IDLE, threadSchedulingPolicies as threadPolicies } from '@hsic/testing';
import { runAtIdlePriority } from './idle-priority.js';

/** A Node process that starts a worker thread when it reads a line, and says when the thread runs. */
function nodeThatStartsAThreadOnDemand(): ChildProcess {
  const script = `
    const { Worker } = require('node:worker_threads');
    process.stdin.once('data', () => new Worker('setInterval(() => {}, 1000)', { eval: true }).once('online', () => console.log('thread started')));
    console.log('ready');`;
  return spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
}

async function nextLine(child: ChildProcess): Promise<string> {
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  return chunk.toString().trim();
}

describe('runAtIdlePriority', () => {
  let child: ChildProcess | undefined;
  afterEach(() => child?.kill('SIGKILL'));

  it('moves every thread of a process into SCHED_IDLE, and threads it starts afterwards are there too', async () => {
    child = nodeThatStartsAThreadOnDemand();
    expect(await nextLine(child)).toBe('ready');
    const pid = child.pid!;
    expect(threadPolicies(pid).every((policy) => policy === 0)).toBe(true);
    const threadsBefore = threadPolicies(pid).length;

    await expect(runAtIdlePriority(pid)).resolves.toEqual({ applied: true });
    expect(new Set(threadPolicies(pid))).toEqual(new Set([SCHED_IDLE]));

    child.stdin!.write('go\n');
    expect(await nextLine(child)).toBe('thread started');
    const after = threadPolicies(pid);
    expect(after.length).toBeGreaterThan(threadsBefore);
    expect(new Set(after)).toEqual(new Set([SCHED_IDLE]));
  });

  it('says why when it cannot: no such process, or not Linux', async () => {
    const gone = await runAtIdlePriority(2 ** 22 + 1);
    expect(gone.applied).toBe(false);
    expect(gone).toMatchObject({ reason: expect.stringMatching(/^chrt: .*No such/) });
    await expect(runAtIdlePriority(process.pid, 'darwin')).resolves.toEqual({ applied: false, reason: "the idle CPU class is Linux's (this is darwin)" });
  });
});
