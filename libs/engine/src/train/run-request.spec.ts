import { PRESETS } from './presets.js';
import { mergeConfigPatch, patchFromAssignments, phasesForKind, planRun, resolveRunConfig, RunRequestError } from './run-request.js';

function refusal(run: () => unknown): { field: string; reason: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof RunRequestError) return { field: error.field, reason: error.reason };
    throw error;
  }
  throw new Error('expected a RunRequestError');
}

describe('mergeConfigPatch (JSON Merge Patch)', () => {
  it('merges objects key by key, replaces arrays and scalars, and removes keys set to null', () => {
    const base = { hsic: { epochs: 5, sigma: [1, 5], beta: 50 }, format: { epochs: 3 }, seed: 1 };
    expect(mergeConfigPatch(base, { hsic: { epochs: 2, sigma: [7] }, format: null, seed: 9 })).toEqual({ hsic: { epochs: 2, sigma: [7], beta: 50 }, seed: 9 });
    expect(base.hsic.epochs).toBe(5); // the preset is not modified
  });
});

describe('patchFromAssignments (the CLI’s --set)', () => {
  it('builds one patch: dotted paths, JSON values (arrays, null) or strings', () => {
    expect(patchFromAssignments(['hsic.epochs=3', 'hsic.sigma=[1,5,10]', 'backprop=null', 'model.activation=tanh'])).toEqual({
      hsic: { epochs: 3, sigma: [1, 5, 10] }, backprop: null, model: { activation: 'tanh' },
    });
  });

  it('refuses an assignment without a path, and a path through a value', () => {
    expect(refusal(() => patchFromAssignments(['=3']))).toEqual({ field: 'set', reason: 'expects path=value, got "=3"' });
    expect(refusal(() => patchFromAssignments(['hsic=1', 'hsic.epochs=2'])).reason).toBe('hsic.epochs=2: "hsic" is already set to a value, so it is not a section');
  });
});

describe('resolveRunConfig and planRun: one request, one validated plan', () => {
  it('completes a preset with a patch, on the dataset named apart', () => {
    const config = resolveRunConfig({ preset: 'smoke', patch: { hsic: { epochs: 1 } }, dataset: 'fashion-mnist' });
    expect(config.data).toEqual({ ...PRESETS.smoke.data, dataset: 'fashion-mnist' });
    expect(config.hsic).toMatchObject({ ...PRESETS.smoke.hsic, epochs: 1 });
    expect(config.seed).toBe(1234); // engine default filled in
  });

  it('patches a base when no preset is named (a config file, a schedule’s config)', () => {
    const base = structuredClone(PRESETS.smoke) as unknown as Record<string, unknown>;
    expect(resolveRunConfig({ base, patch: { backprop: null } }).backprop).toBeUndefined();
  });

  it('names the field and the reason of every refusal', () => {
    expect(refusal(() => resolveRunConfig({ preset: 'nope' }))).toEqual({ field: 'preset', reason: expect.stringContaining("unknown preset 'nope'; known: ") });
    expect(refusal(() => resolveRunConfig({})).field).toBe('config');
    expect(refusal(() => resolveRunConfig({ patch: [1, 2] })).field).toBe('config');
    expect(refusal(() => resolveRunConfig({ preset: 'smoke', patch: { hsic: { batchSize: 1 } } }))).toEqual({ field: 'config.hsic.batchSize', reason: expect.stringMatching(/>=\s*2/) });
    expect(refusal(() => resolveRunConfig({ preset: 'smoke', dataset: 'mnist-10k', patch: { data: { dataset: 'fashion-mnist' } } }))).toEqual({
      field: 'config.data.dataset', reason: "names 'fashion-mnist' but the dataset argument is 'mnist-10k'",
    });
  });

  it('gives each kind its phases: the pipeline what the config has (baseline optional), the others their one phase', () => {
    const smoke = resolveRunConfig({ preset: 'smoke' });
    expect(planRun({ kind: 'pipeline', preset: 'smoke' }).phases).toEqual(['hsic', 'format', 'backprop']);
    expect(phasesForKind('pipeline', smoke, false)).toEqual(['hsic', 'format']);
    expect(planRun({ kind: 'pipeline', preset: 'smoke', patch: { format: null } }).phases).toEqual(['hsic', 'backprop']);
    expect(phasesForKind('hsic', smoke)).toEqual(['hsic']);
    expect(phasesForKind('format', smoke)).toEqual(['format']);
    expect(phasesForKind('backprop', smoke)).toEqual(['backprop']);
  });

  it('refuses a kind whose section the config lacks, naming the section', () => {
    const withoutHsic = resolveRunConfig({ preset: 'smoke', patch: { hsic: null } });
    expect(refusal(() => phasesForKind('pipeline', withoutHsic))).toEqual({ field: 'config.hsic', reason: expect.stringMatching(/^a PIPELINE run needs a 'hsic' section in its config/) });
    expect(refusal(() => phasesForKind('format', withoutHsic)).field).toBe('config.hsic');
    expect(refusal(() => phasesForKind('format', resolveRunConfig({ preset: 'smoke', patch: { format: null } }))).field).toBe('config.format');
    expect(phasesForKind('backprop', withoutHsic)).toEqual(['backprop']);
  });
});
