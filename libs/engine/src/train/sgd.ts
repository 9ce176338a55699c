import { tf, type Tensor, type Variable } from '../tf.js';

export interface SgdSettings {
  readonly learningRate: number;
  /** L2 penalty added to the gradient (PyTorch's weight_decay, not decoupled). */
  readonly weightDecay: number;
  /**
   * Heavy-ball momentum with persistent buffers (PyTorch semantics). The reference writes 0.9 but
   * builds a new optimizer per step, so its momentum never acts; 0 reproduces it.
   */
  readonly momentum: number;
}

/** Plain SGD: θ ← θ − lr·v, v ← μ·v + (g + wd·θ). */
export class Sgd {
  private readonly velocity = new Map<Variable, Variable>();

  constructor(private readonly settings: SgdSettings) {}

  /** Steps each variable by its gradient; disposes nothing it was given. */
  step(updates: readonly (readonly [Variable, Tensor])[]): void {
    const { learningRate, weightDecay, momentum } = this.settings;
    tf.tidy(() => {
      for (const [variable, gradient] of updates) {
        let direction: Tensor = weightDecay > 0 ? tf.add(gradient, tf.mul(variable, weightDecay)) : gradient;
        if (momentum > 0) {
          const buffer = this.velocity.get(variable);
          if (buffer) {
            buffer.assign(tf.add(tf.mul(buffer, momentum), direction));
          } else {
            this.velocity.set(variable, tf.variable(direction, false)); // inside tidy: the initial value is released
          }
          direction = this.velocity.get(variable) as Variable;
        }
        variable.assign(tf.sub(variable, tf.mul(direction, learningRate)));
      }
    });
  }

  dispose(): void {
    tf.dispose([...this.velocity.values()]);
    this.velocity.clear();
  }
}
