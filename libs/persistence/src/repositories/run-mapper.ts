import {
  jsonObjectSchema,
  runProgressSchema,
  runSchema,
  runTestAccuracySchema,
  type Run,
} from '@hsic/contracts';
import { z } from 'zod';
import type { TrainingRun as RunRow } from '../generated/prisma/client.js';
import { fromJsonColumn } from './json-columns.js';

export const toRun = (row: RunRow): Run =>
  runSchema.parse({
    ...row,
    config: fromJsonColumn(jsonObjectSchema, row.config, `config of run ${row.id}`),
    progress: fromJsonColumn(runProgressSchema.nullable(), row.progress, `progress of run ${row.id}`),
    testAccuracy: fromJsonColumn(runTestAccuracySchema.nullable(), row.testAccuracy, `testAccuracy of run ${row.id}`),
    hsicEpochSeconds: fromJsonColumn(z.array(z.number()).nullable(), row.hsicEpochSeconds, `hsicEpochSeconds of run ${row.id}`),
  });
