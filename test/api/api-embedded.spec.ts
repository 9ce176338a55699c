import { describeApiEndToEnd } from './api-end-to-end.suite.test-util.js';

// The default of `npm start`: the embedded PGlite server on a fresh data folder.
describeApiEndToEnd('embedded');
