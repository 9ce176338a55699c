// A throw-away database on the local PostgreSQL 15 for one test file: created, migrated, dropped after.
import { listDatasets } from '@hsic/data';
import { parseTrainingConfig } from '@hsic/engine';
import { createRepositories, openDatabase, type Database, type Repositories } from '@hsic/persistence';
import { createScratchPostgres } from '@hsic/testing';

export interface ScratchDatabase {
  readonly url: string;
  readonly db: Database;
  /** Validating repositories, as the API and the worker use them. */
  readonly repos: Repositories;
  /** Repositories that store any config (to plant a bad one, as an older API version might have). */
  readonly lenientRepos: Repositories;
  dispose(): Promise<void>;
}

/** A migrated database with the data library's datasets recorded (runs reference them). */
export async function openScratchDatabase(prefix = 'hsic_training'): Promise<ScratchDatabase> {
  const empty = await createScratchPostgres(prefix);
  const db = await openDatabase({ databaseUrl: empty.url });
  const repos = createRepositories(db.prisma, { validateConfig: (config) => parseTrainingConfig(config) });
  await repos.datasets.upsertMany(listDatasets());
  return {
    url: empty.url,
    db,
    repos,
    lenientRepos: createRepositories(db.prisma),
    async dispose() {
      await db.close();
      await empty.drop();
    },
  };
}
