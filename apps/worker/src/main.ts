// The training worker process (see @hsic/training's worker-process.ts for what it does, worker-env.ts for the variables it reads).
import { startWorkerProcess } from '@hsic/training';

startWorkerProcess();
