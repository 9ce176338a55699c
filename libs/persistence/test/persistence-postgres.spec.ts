// Every repository against a fresh database on the local PostgreSQL 15 (created here, dropped after).
import { createRepositories } from '../src/index.js';
import { describeCheckpoints } from './checkpoints.suite.test-util.js';
import { describeDatasets } from './datasets.suite.test-util.js';
import { describeMetrics } from './metrics.suite.test-util.js';
import { describeMigrations } from './migrations.suite.test-util.js';
import { describeModels } from './models.suite.test-util.js';
import { describeRuns } from './runs.suite.test-util.js';
import { describeSchedules } from './schedules.suite.test-util.js';
import { describeWorkers } from './workers.suite.test-util.js';
import { describeApiKeys } from './api-keys.suite.test-util.js';
import { describeStatementTimeout } from './statement-timeout.suite.test-util.js';
import { describeFencing } from './fencing.suite.test-util.js';
import type { SuiteContext } from './suite-context.test-util.js';
import { openTestDatabase, type TestDatabase } from './test-database.test-util.js';

describe('persistence on PostgreSQL 15', () => {
  let testDb: TestDatabase;
  let context: SuiteContext;
  beforeAll(async () => {
    testDb = await openTestDatabase('postgres');
    context = { target: 'postgres', db: testDb.db, repos: createRepositories(testDb.db.prisma) };
  });
  afterAll(() => testDb?.dispose());

  const get = () => context;
  describeMigrations(get);
  describeDatasets(get);
  describeRuns(get);
  describeMetrics(get);
  describeCheckpoints(get);
  describeModels(get);
  describeSchedules(get);
  describeWorkers(get);
  describeApiKeys(get);
  describeStatementTimeout(get);
  describeFencing(get);
});
