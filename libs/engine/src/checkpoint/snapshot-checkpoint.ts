import type { PipelineSnapshot, ResumeState, TrainingProgress } from '../train/pipeline.js';
import { CheckpointError } from './checkpoint-format.js';
import { deserializeClassifier, serializeClassifier } from './classifier-checkpoint.js';

/** A mid-training snapshot as checkpoint files: one per model, each carrying the progress. */
export interface SnapshotCheckpoints {
  readonly progress: TrainingProgress;
  readonly hsic?: Uint8Array;
  readonly backprop?: Uint8Array;
}

export function snapshotToCheckpoints(snapshot: PipelineSnapshot, extra: Record<string, unknown> = {}): SnapshotCheckpoints {
  const tagged = { ...extra, progress: snapshot.progress };
  return {
    progress: snapshot.progress,
    ...(snapshot.hsicModel ? { hsic: serializeClassifier(snapshot.hsicModel, tagged) } : {}),
    ...(snapshot.backpropModel ? { backprop: serializeClassifier(snapshot.backpropModel, tagged) } : {}),
  };
}

export function resumeFromCheckpoints(checkpoints: { hsic?: Uint8Array; backprop?: Uint8Array }): ResumeState {
  const hsic = checkpoints.hsic ? deserializeClassifier(checkpoints.hsic) : undefined;
  const backprop = checkpoints.backprop ? deserializeClassifier(checkpoints.backprop) : undefined;
  const progress = (hsic?.header.extra.progress ?? backprop?.header.extra.progress) as TrainingProgress | undefined;
  if (!progress || !['hsic', 'format', 'backprop'].includes(progress.phase)) {
    throw new CheckpointError('checkpoint carries no training progress: it is a finished model, not a snapshot to resume');
  }
  return { progress, hsicModel: hsic?.model, backpropModel: backprop?.model };
}
