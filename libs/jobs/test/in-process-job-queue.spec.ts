import { InProcessBroker, InProcessJobQueue, type JobQueue } from '../src/index.js';
import { describeJobQueueContract, type ContractHarness } from './job-queue.contract.test-util.js';

describe('in-process job queue', () => {
  const broker = new InProcessBroker();
  const instances: JobQueue[] = [];
  const harness: ContractHarness = {
    async newQueue(options = {}) {
      const queue = new InProcessJobQueue({ broker, clock: options.clock });
      instances.push(queue);
      return queue;
    },
  };
  afterAll(async () => {
    await Promise.all(instances.map((queue) => queue.stop({ timeoutMs: 100 })));
    broker.close();
  });

  describeJobQueueContract(() => harness);
});
