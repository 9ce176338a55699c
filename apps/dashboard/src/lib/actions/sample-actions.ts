'use server';

import { TestSamplesQuery } from '../api/documents';
import { query } from '../api/graphql-client';
import { SAMPLES_PER_PAGE, type TestSample } from '../classify/test-samples';
import { attempt, badInput, type ActionResult } from './action-result';


/** A page of the dataset's test images (never trained on), for "pick a test sample". */
export async function loadTestSamples(dataset: unknown, offset: unknown): Promise<ActionResult<{ samples: TestSample[]; testCount: number }>> {
  if (typeof dataset !== 'string' || dataset.length === 0 || dataset.length > 100) return badInput('expected a dataset name', 'dataset');
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) return badInput('expected an offset ≥ 0', 'offset');
  return attempt(async () => {
    const { dataset: found } = await query(TestSamplesQuery, { dataset, offset, limit: SAMPLES_PER_PAGE });
    return { samples: found.testSamples, testCount: found.testCount };
  });
}
