import { z } from 'zod';

/** Queue that runs training runs; one job per run, sent with the run id as idempotency key. */
export const TRAINING_QUEUE = 'training-run';
export const trainingJobSchema = z.object({ runId: z.string().min(1) });
export type TrainingJob = z.infer<typeof trainingJobSchema>;

/** Queue that receives schedule ticks (the tick time comes with the job as `scheduledFor`). */
export const SCHEDULE_TICK_QUEUE = 'schedule-tick';
export const scheduleTickJobSchema = z.object({ scheduleId: z.string().min(1) });
export type ScheduleTickJob = z.infer<typeof scheduleTickJobSchema>;
