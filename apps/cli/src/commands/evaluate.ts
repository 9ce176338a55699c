import { readFile } from 'node:fs/promises';
import { decodeImageToModelInput, isDatasetName, loadDataset, type DatasetName } from '@hsic/data';
import { evaluateClassifier, initBackend, loadClassifier, tf, type Classifier, type Tensor2D } from '@hsic/engine';
import { UsageError } from '../cli-error.js';
import type { CliEnv } from '../cli-env.js';

function datasetOf(extra: Record<string, unknown>, override?: string): DatasetName {
  const name = override ?? (extra.dataset as string | undefined);
  if (!name) throw new UsageError('the checkpoint does not say which dataset it was trained on: pass --dataset');
  if (!isDatasetName(name)) throw new UsageError(`unknown dataset "${name}"`);
  return name;
}

export async function evaluateCommand(checkpoint: string, options: { dataset?: string; limit?: number; dataDir?: string }, env: CliEnv): Promise<void> {
  const backend = await initBackend(env.backend);
  const { model, header } = await loadClassifier(checkpoint);
  const dataset = datasetOf(header.extra, options.dataset);
  const data = await loadDataset(dataset, { dataDir: options.dataDir, dataRoot: env.dataRoot, limitTest: options.limit });
  const result = evaluateClassifier((x) => tf.tidy(() => tf.log(tf.add(model.probabilities(x), 1e-12)) as Tensor2D), data.test);
  process.stdout.write(
    `${JSON.stringify({ checkpoint, kind: header.kind, dataset, testCount: data.test.count, accuracy: result.accuracy, crossEntropy: result.loss, backend: backend.name }, null, 2)}\n`,
  );
  model.dispose();
}

export async function predictCommand(checkpoint: string, images: readonly string[], options: { json: boolean; invert: 'auto' | 'always' | 'never' }, env: CliEnv): Promise<void> {
  if (images.length === 0) throw new UsageError('predict needs at least one image file (PNG or JPEG)');
  await initBackend(env.backend);
  const { model } = await loadClassifier(checkpoint);
  const rows = await predictFiles(model, images, options.invert);
  if (options.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else for (const r of rows) process.stdout.write(`${r.file}: ${r.className} (label ${r.label}, p=${r.probability.toFixed(3)})\n`);
  model.dispose();
}

async function predictFiles(model: Classifier, files: readonly string[], invert: 'auto' | 'always' | 'never') {
  const [height, width, channels] = model.architecture.inputShape;
  const inputs = await Promise.all(
    files.map(async (file) => decodeImageToModelInput(await readFile(file), { height, width, channels }, { source: file, invert })),
  );
  const features = height * width * channels;
  const batch = new Float32Array(inputs.length * features);
  inputs.forEach((input, i) => batch.set(input, i * features));
  const x = tf.tensor2d(batch, [inputs.length, features]);
  const prediction = model.predict(x);
  x.dispose();
  return files.map((file, i) => {
    const label = prediction.labels[i];
    return { file, label, className: model.classNames[label], probability: prediction.probabilities[i][label], probabilities: Array.from(prediction.probabilities[i]) };
  });
}
