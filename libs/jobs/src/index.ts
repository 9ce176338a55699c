// Public API of @hsic/jobs: one JobQueue interface, a pg-boss driver and an in-process driver, and the
// 5-field UTC cron parser the scheduler uses (also for validating schedules at the edge).
export * from './job-queue.js';
export { systemClock, type Clock } from './clock.js';
export { jobIdFor, tickKey } from './job-id.js';
export { CronExpression, CronSyntaxError, parseCron } from './cron/cron-expression.js';
export { CronScheduler, type FireTick, type ScheduleEntry } from './scheduler/cron-scheduler.js';
export { createInProcessJobQueue, InProcessJobQueue, type InProcessJobQueueOptions } from './in-process/in-process-job-queue.js';
export { InProcessBroker } from './in-process/in-process-broker.js';
export { createPgBossJobQueue, PgBossJobQueue, type PgBossJobQueueOptions } from './pg-boss/pg-boss-job-queue.js';
export { ManualClock } from './testing/manual-clock.js';
