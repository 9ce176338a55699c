import type { Database, Repositories } from '../src/index.js';
import type { TestTarget } from './test-database.test-util.js';

/** What each repository suite gets from the spec file that opened the database (read it inside tests). */
export interface SuiteContext {
  readonly target: TestTarget;
  readonly db: Database;
  readonly repos: Repositories;
}

export type GetContext = () => SuiteContext;
