// Public API of @hsic/access: API key secrets (made, hashed, read from headers), who is calling (Principal),
// what each operation needs (requireRole), and the cached Authenticator. No I/O of its own: the caller
// passes the key lookups (the persistence repository).
export * from './access-errors.js';
export * from './api-key-secret.js';
export * from './authenticator.js';
export * from './principal.js';
export * from './issue-api-key.js';
