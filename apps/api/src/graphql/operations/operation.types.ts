import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import type { RunStatus, WorkerDevice, WorkerState } from '@hsic/contracts';
import { RunStatusEnum, WorkerDeviceEnum, WorkerStateEnum } from '../common/enums.js';

@ObjectType('Worker', { description: 'A training worker process as it last reported itself (heartbeat every 10 s).' })
export class WorkerType {
  @Field(() => String, { description: 'HSIC_WORKER_ID, default <hostname>:<pid>; runs record it.' }) id!: string;
  @Field(() => String) hostname!: string;
  @Field(() => Int) pid!: number;
  @Field(() => String, { description: 'TensorFlow.js backend it trains on.' }) backend!: string;
  @Field(() => WorkerDeviceEnum) device!: WorkerDevice;
  @Field(() => String, { description: 'Backend version, threads, SIMD.' }) detail!: string;
  @Field(() => WorkerStateEnum) state!: WorkerState;
  @Field(() => Date) startedAt!: Date;
  @Field(() => Date) lastSeenAt!: Date;
  @Field(() => Date, { nullable: true }) stoppedAt!: Date | null;
}

@ObjectType('QueueDepth')
export class QueueDepthType {
  @Field(() => String) queue!: string;
  @Field(() => Int, { description: 'Jobs waiting (retries and delayed jobs included).' }) queued!: number;
  @Field(() => Int, { description: 'Jobs a worker is running.' }) active!: number;
}

@ObjectType('RunStatusCount')
export class RunStatusCountType {
  @Field(() => RunStatusEnum) status!: RunStatus;
  @Field(() => Int) count!: number;
}

@ObjectType('ApiProcess', { description: 'The API process that answered.' })
export class ApiProcessType {
  @Field(() => Date) startedAt!: Date;
  @Field(() => Float) uptimeSeconds!: number;
  @Field(() => String, { description: 'TensorFlow.js backend predictions run on.' }) backend!: string;
  @Field(() => Boolean, { description: 'The embedded PGlite database (no DATABASE_URL) rather than a PostgreSQL server.' }) embeddedDatabase!: boolean;
  @Field(() => Boolean, { description: 'What GET /v2/health/ready answers.' }) ready!: boolean;
  @Field(() => String, { nullable: true, description: 'Why it is not ready.' }) notReadyReason!: string | null;
}

@ObjectType('Operations', { description: 'The service at a glance: the API, the training queue and the runs by status.' })
export class OperationsType {
  @Field(() => ApiProcessType) api!: ApiProcessType;
  @Field(() => QueueDepthType) trainingQueue!: QueueDepthType;
  @Field(() => [RunStatusCountType], { description: 'Every status, in state-machine order.' }) runs!: RunStatusCountType[];
}
