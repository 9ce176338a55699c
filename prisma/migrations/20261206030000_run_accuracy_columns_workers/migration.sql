-- AlterTable: test accuracies become columns (runs sort by them); existing values move over.
ALTER TABLE "TrainingRun" ADD COLUMN     "backpropAccuracy" DOUBLE PRECISION,
ADD COLUMN     "formatAccuracy" DOUBLE PRECISION,
ADD COLUMN     "unformattedAccuracy" DOUBLE PRECISION;

UPDATE "TrainingRun" SET
  "formatAccuracy" = ("testAccuracy"->>'format')::DOUBLE PRECISION,
  "unformattedAccuracy" = ("testAccuracy"->>'unformatted')::DOUBLE PRECISION,
  "backpropAccuracy" = ("testAccuracy"->>'backprop')::DOUBLE PRECISION
WHERE "testAccuracy" IS NOT NULL AND jsonb_typeof("testAccuracy") = 'object';

ALTER TABLE "TrainingRun" DROP COLUMN "testAccuracy";

-- CreateTable
CREATE TABLE "Worker" (
    "id" TEXT NOT NULL,
    "hostname" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "backend" TEXT NOT NULL,
    "device" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL,
    "stoppedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Worker_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Worker_lastSeenAt_idx" ON "Worker"("lastSeenAt");

-- CreateIndex
CREATE INDEX "TrainingRun_workerId_status_idx" ON "TrainingRun"("workerId", "status");
