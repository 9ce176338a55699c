// Child process of the killed-worker test: takes one job from the queue and "trains" forever (its driver
// keeps the job's heartbeat going) until the parent SIGKILLs it.
import { createPgBossJobQueue } from '../../src/index.js';

const [url, queue] = process.argv.slice(2);
const jobs = await createPgBossJobQueue({ url, instanceName: 'doomed-worker', supervise: false, pollingIntervalSeconds: 0.5 });
await jobs.work(queue, async (job) => {
  process.send?.({ claimed: job.id, attempt: job.attempt });
  await new Promise(() => {});
});
process.send?.({ ready: true });
