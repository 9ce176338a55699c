import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { MAX_RUN_SEARCH_LENGTH, type JsonObject, type Run, type RunKind, type RunOrderField, type RunStatus, type SortDirection, type TrainingPhase } from '@hsic/contracts';
import { RunKindEnum, RunOrderFieldEnum, RunStatusEnum, SortDirectionEnum, TrainingPhaseEnum } from '../common/enums.js';
import { JsonScalar } from '../common/json.scalar.js';
import { MetricPointType } from '../common/shared.types.js';

@ObjectType('RunProgress', { description: 'The last completed epoch.' })
export class RunProgressType {
  @Field(() => TrainingPhaseEnum) phase!: TrainingPhase;
  @Field(() => Int) net!: number;
  @Field(() => Int) epoch!: number;
}

@ObjectType('RunTestAccuracy', { description: 'Test accuracy of each classifier the run produced, in [0, 1].' })
export class RunTestAccuracyType {
  @Field(() => Float, { nullable: true, description: 'HSIC-trained net + formatted readout.' }) format!: number | null;
  @Field(() => Float, { nullable: true, description: 'HSIC-trained net read out unformatted.' }) unformatted!: number | null;
  @Field(() => Float, { nullable: true, description: 'The backprop baseline.' }) backprop!: number | null;
}

@ObjectType('RunTimings')
export class RunTimingsType {
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true }) startedAt!: Date | null;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'Last sign of life from the worker.' }) heartbeatAt!: Date | null;
  @Field(() => Float, { nullable: true, description: 'From start to finish (or to now while running).' }) durationSeconds!: number | null;
  @Field(() => [Float], { nullable: true, description: 'Wall seconds of each HSIC epoch.' }) hsicEpochSeconds!: number[] | null;
}

@ObjectType('Run')
export class RunType {
  @Field(() => ID) id!: string;
  @Field(() => RunKindEnum) kind!: RunKind;
  @Field(() => RunStatusEnum) status!: RunStatus;
  @Field(() => String, { description: 'Dataset name.' }) dataset!: string;
  @Field(() => JsonScalar, { description: 'The complete training config (defaults filled in by the engine).' }) config!: JsonObject;
  @Field(() => String, { nullable: true }) preset!: string | null;
  @Field(() => String, { nullable: true, description: 'A successful run is registered as a new version of this model.' }) modelName!: string | null;
  @Field(() => ID, { nullable: true, description: 'FORMAT runs: the run whose HSIC-trained nets were post-trained.' }) sourceRunId!: string | null;
  @Field(() => ID, { nullable: true, description: 'The schedule that started the run.' }) scheduleId!: string | null;
  @Field(() => Date, { nullable: true, description: 'The schedule tick the run was started for.' }) scheduledFor!: Date | null;
  @Field(() => String, { nullable: true, description: 'TensorFlow.js backend the worker trained on.' }) backend!: string | null;
  @Field(() => String, { nullable: true, description: 'Worker that holds (or last held) the run.' }) worker!: string | null;
  @Field(() => Int, { description: 'How many times a worker started the run.' }) attempts!: number;
  @Field(() => RunProgressType, { nullable: true }) progress!: RunProgressType | null;
  @Field(() => RunTestAccuracyType, { nullable: true }) testAccuracy!: RunTestAccuracyType | null;
  @Field(() => String, { nullable: true }) failureReason!: string | null;
  @Field(() => Boolean) cancelRequested!: boolean;
  @Field(() => RunTimingsType) timings!: RunTimingsType;
  @Field(() => String, { nullable: true, description: "Who started it: an API key's name, `schedule <name>` or `first start`." }) requestedBy!: string | null;
  @Field(() => String, { nullable: true, description: 'The API key that asked to cancel it.' }) cancelledBy!: string | null;
}

@ObjectType('PageInfo')
export class PageInfoType {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => String, { nullable: true, description: 'Pass as `after` to get the next page.' }) endCursor!: string | null;
}

@ObjectType('RunConnection')
export class RunConnectionType {
  @Field(() => [RunType], { description: 'Newest first.' }) nodes!: RunType[];
  @Field(() => PageInfoType) pageInfo!: PageInfoType;
  @Field(() => Int, { description: 'Runs matching the filter, over all pages.' }) totalCount!: number;
}

@ObjectType('RunProgressEvent', {
  description: 'Pushed by runProgress: the run as it is now, and the metric points written since the previous event.',
})
export class RunProgressEventType {
  @Field(() => RunType) run!: RunType;
  @Field(() => [MetricPointType], { description: 'New or updated points, in (phase, net, epoch, batch, layer) order.' }) points!: MetricPointType[];
  @Field(() => Boolean, { description: 'The status differs from the previous event (always true for the first).' }) statusChanged!: boolean;
  @Field(() => String, {
    description:
      "Where this event leaves the subscriber in the run's writes: after a lost connection, subscribe again with `after` set to the last cursor received to get every point written since.",
  })
  cursor!: string;
}

@InputType('RunFilter')
export class RunFilterInput {
  @Field(() => RunStatusEnum, { nullable: true }) status?: RunStatus | null;
  @Field(() => RunKindEnum, { nullable: true }) kind?: RunKind | null;
  @Field(() => String, { nullable: true }) dataset?: string | null;
  @Field(() => String, { nullable: true, description: 'Model name the runs register to.' }) model?: string | null;
  @Field(() => ID, { nullable: true, description: 'The schedule that started the runs.' }) schedule?: string | null;
  @Field(() => String, { nullable: true, description: 'Worker that holds or last held the runs.' }) worker?: string | null;
  @Field(() => String, {
    nullable: true,
    description: `Words (at most ${MAX_RUN_SEARCH_LENGTH} characters) that must each appear, any case, in the run's id, dataset, preset, model name, worker, backend or failure reason.`,
  })
  search?: string | null;
}

@InputType('RunOrder')
export class RunOrderInput {
  @Field(() => RunOrderFieldEnum) field!: RunOrderField;
  @Field(() => SortDirectionEnum, { nullable: true, description: 'Default DESC. Runs without a value for the field come last either way.' })
  direction?: SortDirection | null;
}

@ObjectType('RunRequestProblem')
export class RunRequestProblemType {
  @Field(() => String, { description: 'Argument path, e.g. `config.hsic.batchSize`.' }) field!: string;
  @Field(() => String) message!: string;
}

@ObjectType('RunEstimate', { description: "A run's peak memory and work, estimated from its config and its dataset's size (before it is stored; a worker checks again)." })
export class RunEstimateType {
  @Field(() => Float, { description: 'Peak memory in bytes: the sum of the four parts.' }) memoryBytes!: number;
  @Field(() => Float) dataBytes!: number;
  @Field(() => Float, { description: 'Weights, gradients and momentum of every net.' }) parameterBytes!: number;
  @Field(() => Float, { description: 'Block outputs at the largest batch.' }) activationBytes!: number;
  @Field(() => Float, { description: 'The m×m kernel matrices of an HSIC step and the cached targets.' }) kernelBytes!: number;
  @Field(() => Float, { description: 'Matmul GFLOP of the whole run (the engine\'s model).' }) gigaflops!: number;
  @Field(() => String, { description: 'The work at a nominal 25 GFLOP/s (one CPU core), e.g. "about 3 min".' }) roughDuration!: string;
  @Field(() => Float, { description: 'Memory a run may use on a worker (HSIC_WORKER_MEMORY_MB, or the default).' }) budgetBytes!: number;
  @Field(() => String, { description: 'Where the budget comes from.' }) budgetSource!: string;
}

@ObjectType('RunValidation', { description: 'What startRun would do with this input, without storing anything.' })
export class RunValidationType {
  @Field(() => Boolean, { description: 'startRun would accept the input (problems is empty).' }) valid!: boolean;
  @Field(() => [RunRequestProblemType], { description: 'The errors startRun would answer, each with the argument to fix.' }) problems!: RunRequestProblemType[];
  @Field(() => JsonScalar, { nullable: true, description: 'The complete config the run would train with (defaults filled in); null when it is not a valid config.' })
  config!: JsonObject | null;
  @Field(() => RunEstimateType, { nullable: true, description: 'Its memory and work, whenever the config is valid (also when it is too big).' })
  estimate!: RunEstimateType | null;
}

@InputType('StartRunInput')
export class StartRunInput {
  @Field(() => RunKindEnum) kind!: RunKind;
  @Field(() => String, { description: "A dataset from `datasets`, e.g. 'mnist-10k'. Overrides the preset's dataset." }) dataset!: string;
  @Field(() => String, { nullable: true, description: "A named config, e.g. 'mnist-10k' or 'smoke'; `config` overrides its fields." })
  preset?: string | null;
  @Field(() => JsonScalar, { nullable: true, description: 'A TrainingConfig, or overrides of the preset (merged field by field).' })
  config?: JsonObject | null;
  @Field(() => String, { nullable: true, description: 'Register the trained classifier as a new version of this model.' })
  modelName?: string | null;
  @Field(() => ID, {
    nullable: true,
    description: "FORMAT runs only: a SUCCEEDED HSIC or PIPELINE run on the same dataset; its nets get a new readout. Its config is what `config` overrides when no preset is named.",
  })
  sourceRunId?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Any unique string of 8–128 of `A-Za-z0-9_.:-` (a UUID): retrying startRun with the same key and input returns the run the first call started instead of starting another; the same key with another input is refused.',
  })
  idempotencyKey?: string | null;
}

function durationSeconds(run: Run, now: Date): number | null {
  if (!run.startedAt) return null;
  return ((run.finishedAt ?? now).getTime() - run.startedAt.getTime()) / 1000;
}

export function toRunType(run: Run, now: Date = new Date()): RunType {
  const accuracy = run.testAccuracy;
  return {
    id: run.id,
    kind: run.kind,
    status: run.status,
    dataset: run.datasetName,
    config: run.config,
    preset: run.preset,
    modelName: run.modelName,
    sourceRunId: run.sourceRunId,
    scheduleId: run.scheduleId,
    scheduledFor: run.scheduledFor,
    backend: run.backend,
    worker: run.workerId,
    attempts: run.attempts,
    progress: run.progress,
    testAccuracy: accuracy
      ? { format: accuracy.format ?? null, unformatted: accuracy.unformatted ?? null, backprop: accuracy.backprop ?? null }
      : null,
    failureReason: run.failureReason,
    cancelRequested: run.cancelRequested,
    requestedBy: run.requestedBy,
    cancelledBy: run.cancelledBy,
    timings: {
      createdAt: run.createdAt,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      heartbeatAt: run.heartbeatAt,
      durationSeconds: durationSeconds(run, now),
      hsicEpochSeconds: run.hsicEpochSeconds,
    },
  };
}
