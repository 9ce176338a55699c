#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { PRESETS, shutdownBackend } from '@hsic/engine';
import { parsePositiveInt, UsageError } from './cli-error.js';
import { loadCliEnv } from './cli-env.js';
import { benchCommand } from './commands/bench.js';
import { datasetsCommand, downloadCommand } from './commands/datasets.js';
import { evaluateCommand, predictCommand } from './commands/evaluate.js';
import { keysCommand } from './commands/keys.js';
import { paperCommand } from './commands/paper.js';
import { MODES, trainCommand, type Mode } from './commands/train.js';

const USAGE = `hsic — train, evaluate and run HSIC-bottleneck classifiers

  hsic train [--preset NAME | --config FILE] [--mode pipeline|hsic|format|backprop]
             [--from CHECKPOINT] [--out DIR] [--set path=value]... [--no-baseline] [--quiet]
  hsic evaluate CHECKPOINT [--dataset NAME] [--limit N] [--data-dir DIR]
  hsic predict CHECKPOINT IMAGE... [--json] [--invert auto|always|never]
  hsic bench [--preset NAME] [--samples N] [--epochs N] [--set path=value]... [--json]
  hsic paper FIGURE|list [--quick] [--dataset NAME] [--epoch-scale N] [--data-dir DIR] [--out DIR] [--work DIR]
             (a figure of the paper: its runs, then FIGURE.svg/.png/.md in --out, default docs/paper;
              each run's result is kept in --work, default OUT/runs, and reused; a stopped run resumes;
              on a smaller set than the paper's, N× the epochs, N = its size over ours, so as many SGD steps)
  hsic datasets
  hsic download NAME [--data-dir DIR]
  hsic keys create --name NAME --role READ|TRAIN|ADMIN | hsic keys list | hsic keys revoke NAME_OR_ID
                   (API keys in DATABASE_URL, or the embedded database when npm start is not running)

Presets: ${Object.keys(PRESETS).map((name) => (name === 'mnist-10k' ? `${name} (default)` : name)).join(', ')}.
Environment: HSIC_BACKEND=tensorflow-gpu|tensorflow|wasm|cpu, HSIC_WASM_THREADS=N, HSIC_DATA_DIR=DIR.
`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      preset: { type: 'string' }, config: { type: 'string' }, mode: { type: 'string', default: 'pipeline' }, from: { type: 'string' },
      out: { type: 'string' }, set: { type: 'string', multiple: true, default: [] }, 'no-baseline': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false }, dataset: { type: 'string' }, limit: { type: 'string' }, 'data-dir': { type: 'string' },
      json: { type: 'boolean', default: false }, invert: { type: 'string', default: 'auto' }, samples: { type: 'string' }, epochs: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false }, name: { type: 'string' }, role: { type: 'string' },
      quick: { type: 'boolean', default: false }, work: { type: 'string' }, 'epoch-scale': { type: 'string' },
    },
  });
  if (!command || command === 'help' || values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const env = loadCliEnv(process.env);
  switch (command) {
    case 'train': {
      if (!(MODES as readonly string[]).includes(values.mode)) throw new UsageError(`--mode must be one of ${MODES.join(', ')}, got "${values.mode}"`);
      await trainCommand({
        preset: values.preset, configFile: values.config, mode: values.mode as Mode, from: values.from, out: values.out,
        set: values.set, baseline: !values['no-baseline'], quiet: values.quiet,
      }, env);
      return;
    }
    case 'evaluate':
      if (!positionals[0]) throw new UsageError('evaluate needs a checkpoint path');
      return evaluateCommand(positionals[0], { dataset: values.dataset, limit: parsePositiveInt(values.limit, '--limit'), dataDir: values['data-dir'] }, env);
    case 'predict': {
      const invert = values.invert;
      if (invert !== 'auto' && invert !== 'always' && invert !== 'never') throw new UsageError(`--invert must be auto, always or never, got "${invert}"`);
      if (!positionals[0]) throw new UsageError('predict needs a checkpoint path and image files');
      return predictCommand(positionals[0], positionals.slice(1), { json: values.json, invert }, env);
    }
    case 'bench':
      return benchCommand({
        preset: values.preset, configFile: values.config, set: values.set, samples: parsePositiveInt(values.samples, '--samples'),
        epochs: parsePositiveInt(values.epochs, '--epochs'), json: values.json,
      }, env);
    case 'paper':
      return paperCommand(positionals[0], {
        quick: values.quick, dataset: values.dataset, dataDir: values['data-dir'], out: values.out, work: values.work, epochScale: values['epoch-scale'],
      }, env);
    case 'datasets':
      return datasetsCommand(env);
    case 'download':
      return downloadCommand(positionals[0], values['data-dir'], env);
    case 'keys':
      return keysCommand(positionals[0], { name: values.name, role: values.role, target: positionals[1] });
    default:
      throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
  }
}

main(process.argv.slice(2))
  .then(() => shutdownBackend())
  .catch(async (error: unknown) => {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`hsic: ${(error as Error).message}\n`);
    if (!usage && process.env.HSIC_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    await shutdownBackend().catch(() => undefined);
    process.exitCode = usage ? 2 : 1;
  });
