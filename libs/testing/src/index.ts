// What tests across the workspace share; imported by specs and test utilities only, never by a library's code.
export * from './eventually.js';
export * from './scratch-postgres.js';
export * from './typescript-child.js';
export * from './scheduling-policy.js';
