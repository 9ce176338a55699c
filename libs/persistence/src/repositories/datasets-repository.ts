import { datasetSchema, imageShapeSchema, type Dataset } from '@hsic/contracts';
import { z } from 'zod';
import { inTransaction, type Db } from '../client/transactions.js';
import type { Dataset as DatasetRow } from '../generated/prisma/client.js';
import { fromJsonColumn, toJsonColumn } from './json-columns.js';

/** What the data library's listDatasets() returns (structurally; extra fields are ignored). */
export interface DatasetDescriptor {
  readonly name: string;
  readonly description: string;
  readonly trainCount: number;
  readonly testCount: number;
  readonly shape: { readonly height: number; readonly width: number; readonly channels: number };
  readonly classNames: readonly string[];
}

const toDataset = (row: DatasetRow): Dataset =>
  datasetSchema.parse({
    ...row,
    shape: fromJsonColumn(imageShapeSchema, row.shape, `shape of dataset ${row.name}`),
    classNames: fromJsonColumn(z.array(z.string()), row.classNames, `classNames of dataset ${row.name}`),
  });

export class DatasetsRepository {
  constructor(private readonly prisma: Db) {}

  /** Records (or refreshes) the datasets the data library knows, e.g. `upsertMany(listDatasets())` at start. */
  async upsertMany(descriptors: readonly DatasetDescriptor[]): Promise<Dataset[]> {
    const rows = await inTransaction(this.prisma, async (tx) => {
      const stored: DatasetRow[] = [];
      for (const d of descriptors) {
        const fields = {
          description: d.description,
          trainCount: d.trainCount,
          testCount: d.testCount,
          shape: toJsonColumn({ height: d.shape.height, width: d.shape.width, channels: d.shape.channels }),
          classNames: toJsonColumn([...d.classNames]),
        };
        stored.push(await tx.dataset.upsert({ where: { name: d.name }, create: { name: d.name, ...fields }, update: fields }));
      }
      return stored;
    });
    return rows.map(toDataset);
  }

  async get(name: string): Promise<Dataset | null> {
    const row = await this.prisma.dataset.findUnique({ where: { name } });
    return row ? toDataset(row) : null;
  }

  async list(): Promise<Dataset[]> {
    return (await this.prisma.dataset.findMany({ orderBy: { name: 'asc' } })).map(toDataset);
  }
}
