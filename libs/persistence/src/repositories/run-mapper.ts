import {
  jsonObjectSchema,
  runProgressSchema,
  runSchema,
  type Run,
  type RunTestAccuracy,
} from '@hsic/contracts';
import { z } from 'zod';
import type { TrainingRun as RunRow } from '../generated/prisma/client.js';
import { fromJsonColumn } from './json-columns.js';

export const toRun = (row: RunRow): Run =>
  runSchema.parse({
    ...row,
    config: fromJsonColumn(jsonObjectSchema, row.config, `config of run ${row.id}`),
    progress: fromJsonColumn(runProgressSchema.nullable(), row.progress, `progress of run ${row.id}`),
    testAccuracy: testAccuracyOf(row),
    hsicEpochSeconds: fromJsonColumn(z.array(z.number()).nullable(), row.hsicEpochSeconds, `hsicEpochSeconds of run ${row.id}`),
  });

/** null until the first accuracy is recorded; then only the recorded ones. */
function testAccuracyOf(row: RunRow): RunTestAccuracy | null {
  const entries = Object.entries({ format: row.formatAccuracy, unformatted: row.unformattedAccuracy, backprop: row.backpropAccuracy });
  const recorded = entries.filter(([, value]) => value !== null);
  return recorded.length > 0 ? Object.fromEntries(recorded) : null;
}
