import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { superviseChild, type ChildSupervisor } from './child-supervisor.js';

const silent = { info: () => {}, error: () => {} };

describe('superviseChild', () => {
  let folder: string;
  let supervisor: ChildSupervisor | undefined;
  beforeEach(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'hsic-supervisor-'));
  });
  afterEach(async () => {
    await supervisor?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  async function priorityOfChild(niceness: number | undefined): Promise<number> {
    const script = path.join(folder, 'report-priority.mjs');
    const report = path.join(folder, 'priority');
    // The supervisor lowers the priority just after the spawn: report it once it has changed, or after 1 s.
    await writeFile(
      script,
      `import os from 'node:os'; import { writeFileSync } from 'node:fs';
       const start = os.getPriority(); const until = Date.now() + 1000;
       const check = () => { if (os.getPriority() !== start || Date.now() > until) { writeFileSync(process.env.REPORT, String(os.getPriority())); setInterval(() => {}, 1000); } else setTimeout(check, 10); };
       check();`,
    );
    supervisor = superviseChild({ name: 'probe', entry: script, env: { ...process.env, REPORT: report }, niceness, log: silent, stopTimeoutMs: 5000 });
    for (let waited = 0; waited < 10_000; waited += 50) {
      const written = await readFile(report, 'utf8').catch(() => null);
      if (written !== null && written !== '') return Number(written);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the child never reported its priority');
  }

  it('runs the child at the niceness it was given, relative to this process', async () => {
    const own = os.getPriority();
    expect(await priorityOfChild(5)).toBe(Math.min(19, own + 5));
  });

  it('leaves the child at this process priority without a niceness', async () => {
    expect(await priorityOfChild(undefined)).toBe(os.getPriority());
  });
});
