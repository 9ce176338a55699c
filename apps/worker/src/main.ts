// The training worker process (see @hsic/training's worker-process.ts for what it does and the variables it reads).
import { startWorkerProcess } from '@hsic/training';

startWorkerProcess();
