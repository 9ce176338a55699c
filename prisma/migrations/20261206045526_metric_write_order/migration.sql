-- Write order of metric points: every insert and every rewrite takes the next value, so a reader of a run's
-- points (a runProgress subscriber that reconnects) continues after the last value it saw. Existing rows
-- get values in their physical order.

-- AlterTable
ALTER TABLE "MetricPoint" ADD COLUMN     "seq" BIGSERIAL NOT NULL;

-- CreateIndex
CREATE INDEX "MetricPoint_runId_seq_idx" ON "MetricPoint"("runId", "seq");
