/**
 * A request argument that cannot be used: `field` is its path inside the request (e.g. `config.hsic.batchSize`),
 * `reason` says why. Raised by services; each transport maps it once, at its edge (GraphQL BAD_USER_INPUT with the
 * field, HTTP 400).
 */
export class InvalidArgumentError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
    /** More for the client (e.g. every issue of an invalid config). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(`${field}: ${reason}`);
    this.name = 'InvalidArgumentError';
  }
}
