-- AlterTable
ALTER TABLE "TrainingRun" ADD COLUMN     "sourceRunId" TEXT;

-- AddForeignKey
ALTER TABLE "TrainingRun" ADD CONSTRAINT "TrainingRun_sourceRunId_fkey" FOREIGN KEY ("sourceRunId") REFERENCES "TrainingRun"("id") ON DELETE SET NULL ON UPDATE CASCADE;
