export * from './serving-rest.js';
