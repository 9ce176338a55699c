-- Fenced run attempts, re-sent queued runs and idempotent startRun; finished model checkpoints immutable.

-- AlterTable
ALTER TABLE "TrainingRun" ADD COLUMN     "idempotencyKey" TEXT,
ADD COLUMN     "queuedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "requestHash" TEXT;

-- Runs queued before this migration count as queued since they were created.
UPDATE "TrainingRun" SET "queuedAt" = "createdAt";

-- CreateIndex
CREATE UNIQUE INDEX "TrainingRun_idempotencyKey_key" ON "TrainingRun"("idempotencyKey");

-- CreateIndex
CREATE INDEX "TrainingRun_status_queuedAt_idx" ON "TrainingRun"("status", "queuedAt");

-- A finished model (final = true) is what model versions point at: its row never changes once written,
-- whoever writes (the app refuses too; this holds for any client of the database).
CREATE FUNCTION "checkpoint_final_is_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'checkpoint % is a finished model: it cannot be changed', OLD."id" USING ERRCODE = 'integrity_constraint_violation';
END
$$;

CREATE TRIGGER "Checkpoint_final_is_immutable" BEFORE UPDATE ON "Checkpoint"
  FOR EACH ROW WHEN (OLD."final") EXECUTE FUNCTION "checkpoint_final_is_immutable"();
