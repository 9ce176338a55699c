// Tests that read real datasets installed outside the repository (Debian's dataset-fashion-mnist): `npm run
// test:real-data`, which .ci/run runs after installing them. The README's `npm test` does not need them.
import base from './jest.config.js';

/** @type {import('jest').Config} */
export default { ...base, testMatch: ['**/*.real-data.spec.ts'], testPathIgnorePatterns: ['/node_modules/', '/dist/'] };
