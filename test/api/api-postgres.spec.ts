import { describeApiEndToEnd } from './api-end-to-end.suite.test-util.js';

// A uniquely named database on the local PostgreSQL 15 (127.0.0.1:5432), dropped afterwards.
describeApiEndToEnd('postgres');
