import type { CheckpointHeader, Classifier } from '@hsic/engine';

/** A deserialized model version, ready to predict; owned by the ModelCache (do not dispose). */
export interface ServableModel {
  readonly name: string;
  readonly version: number;
  readonly checkpointSha256: string;
  readonly classifier: Classifier;
  readonly header: CheckpointHeader;
  /** [height, width, channels] of one input. */
  readonly inputShape: readonly [number, number, number];
  /** height × width × channels: the length of one flat input. */
  readonly inputSize: number;
  readonly classNames: readonly string[];
}

/** `model mnist v3`: how messages name the version that answered. */
export function modelTitle(model: Pick<ServableModel, 'name' | 'version'>): string {
  return `model ${model.name} v${model.version}`;
}

/** `28×28×1` */
export function shapeText(shape: readonly number[]): string {
  return shape.join('×');
}
