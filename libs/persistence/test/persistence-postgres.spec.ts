// Every repository against a fresh database on the local PostgreSQL 15 (created here, dropped after).
import { describeRepositoryContract } from './repository-contract.test-util.js';

describe('persistence on PostgreSQL 15', () => {
  describeRepositoryContract('postgres');
});
