// Inputs for the API, with the settings the end-to-end tests rely on in one place.

/**
 * The 'smoke' preset: a 784-32-32 MLP on 512 training digits, seconds on a CPU, ~85 % on the test split
 * after format-training. The backprop baseline is dropped (JSON merge patch: null removes the section):
 * the registered model is the HSIC one, and the suite stays quick.
 */
export const SMOKE = { preset: 'smoke', config: { backprop: null } } as const;

export function startRunInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { kind: 'PIPELINE', dataset: 'mnist-10k', ...SMOKE, modelName: 'digits', ...overrides };
}

export function scheduleInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'nightly-digits',
    cron: '* * * * *',
    dataset: 'mnist-10k',
    preset: SMOKE.preset,
    config: { ...SMOKE.config, seed: 7 },
    modelName: 'digits',
    alias: 'production',
    ...overrides,
  };
}
