import { createRepositories } from '../src/index.js';
import { describeApiKeys } from './api-keys.suite.test-util.js';
import { describeCheckpoints } from './checkpoints.suite.test-util.js';
import { describeDatasets } from './datasets.suite.test-util.js';
import { describeFencing } from './fencing.suite.test-util.js';
import { describeMetrics } from './metrics.suite.test-util.js';
import { describeMigrations } from './migrations.suite.test-util.js';
import { describeModels } from './models.suite.test-util.js';
import { describeRuns } from './runs.suite.test-util.js';
import { describeSchedules } from './schedules.suite.test-util.js';
import { describeStatementTimeout } from './statement-timeout.suite.test-util.js';
import type { GetContext, SuiteContext } from './suite-context.test-util.js';
import { describeWorkers } from './workers.suite.test-util.js';
import { openTestDatabase, type TestDatabase, type TestTarget } from './test-database.test-util.js';

const SUITES = [
  describeMigrations, describeDatasets, describeRuns, describeMetrics, describeCheckpoints, describeModels,
  describeSchedules, describeWorkers, describeApiKeys, describeStatementTimeout, describeFencing,
];

/**
 * Every repository suite against a fresh database of one target: the same contract on each driver. Call it inside
 * the spec's describe; the returned getters are for the target's own tests (read them inside tests).
 */
export function describeRepositoryContract(target: TestTarget): { readonly context: GetContext; readonly testDb: () => TestDatabase } {
  let testDb: TestDatabase;
  let context: SuiteContext;
  beforeAll(async () => {
    testDb = await openTestDatabase(target);
    context = { target, db: testDb.db, repos: createRepositories(testDb.db.prisma) };
  });
  afterAll(() => testDb?.dispose());
  for (const describeSuite of SUITES) describeSuite(() => context);
  return { context: () => context, testDb: () => testDb };
}
