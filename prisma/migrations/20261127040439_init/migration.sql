-- CreateEnum
CREATE TYPE "RunKind" AS ENUM ('PIPELINE', 'HSIC', 'FORMAT', 'BACKPROP');

-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "TrainingPhase" AS ENUM ('hsic', 'format', 'backprop');

-- CreateTable
CREATE TABLE "Dataset" (
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "trainCount" INTEGER NOT NULL,
    "testCount" INTEGER NOT NULL,
    "shape" JSONB NOT NULL,
    "classNames" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Dataset_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "TrainingRun" (
    "id" TEXT NOT NULL,
    "kind" "RunKind" NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'QUEUED',
    "datasetName" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "preset" TEXT,
    "modelName" TEXT,
    "scheduleId" TEXT,
    "scheduledFor" TIMESTAMPTZ(3),
    "backend" TEXT,
    "workerId" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "progress" JSONB,
    "testAccuracy" JSONB,
    "failureReason" TEXT,
    "cancelRequested" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "heartbeatAt" TIMESTAMPTZ(3),
    "hsicEpochSeconds" JSONB,
    "jobId" TEXT,

    CONSTRAINT "TrainingRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MetricPoint" (
    "runId" TEXT NOT NULL,
    "phase" "TrainingPhase" NOT NULL,
    "net" INTEGER NOT NULL DEFAULT 0,
    "epoch" INTEGER NOT NULL,
    "batch" INTEGER NOT NULL,
    "layer" INTEGER NOT NULL,
    "nhsicX" DOUBLE PRECISION,
    "nhsicY" DOUBLE PRECISION,
    "loss" DOUBLE PRECISION,
    "accuracy" DOUBLE PRECISION,
    "trainAccuracy" DOUBLE PRECISION,
    "testAccuracy" DOUBLE PRECISION,
    "seconds" DOUBLE PRECISION,
    "samples" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MetricPoint_pkey" PRIMARY KEY ("runId","phase","net","epoch","batch","layer")
);

-- CreateTable
CREATE TABLE "Checkpoint" (
    "id" TEXT NOT NULL,
    "runId" TEXT,
    "role" TEXT NOT NULL,
    "phase" "TrainingPhase" NOT NULL,
    "net" INTEGER NOT NULL,
    "epoch" INTEGER NOT NULL,
    "final" BOOLEAN NOT NULL DEFAULT false,
    "bytes" BYTEA,
    "storageUri" TEXT,
    "sizeBytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Checkpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Model" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Model_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModelVersion" (
    "id" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "runId" TEXT,
    "checkpointId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "testAccuracy" DOUBLE PRECISION NOT NULL,
    "datasetName" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ModelVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModelAlias" (
    "modelId" TEXT NOT NULL,
    "alias" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ModelAlias_pkey" PRIMARY KEY ("modelId","alias")
);

-- CreateTable
CREATE TABLE "AliasEvent" (
    "id" SERIAL NOT NULL,
    "modelId" TEXT NOT NULL,
    "alias" TEXT NOT NULL,
    "fromVersionId" TEXT,
    "toVersionId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AliasEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Schedule" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "cron" TEXT NOT NULL,
    "datasetName" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "modelName" TEXT NOT NULL,
    "alias" TEXT NOT NULL DEFAULT 'production',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "lastFiredAt" TIMESTAMPTZ(3),

    CONSTRAINT "Schedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScheduleDecision" (
    "id" TEXT NOT NULL,
    "scheduleId" TEXT NOT NULL,
    "runId" TEXT,
    "tickAt" TIMESTAMPTZ(3) NOT NULL,
    "candidateVersionId" TEXT,
    "candidateAccuracy" DOUBLE PRECISION,
    "currentVersionId" TEXT,
    "currentAccuracy" DOUBLE PRECISION,
    "promoted" BOOLEAN NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScheduleDecision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TrainingRun_createdAt_id_idx" ON "TrainingRun"("createdAt", "id");

-- CreateIndex
CREATE INDEX "TrainingRun_status_createdAt_idx" ON "TrainingRun"("status", "createdAt");

-- CreateIndex
CREATE INDEX "TrainingRun_datasetName_createdAt_idx" ON "TrainingRun"("datasetName", "createdAt");

-- CreateIndex
CREATE INDEX "TrainingRun_modelName_createdAt_idx" ON "TrainingRun"("modelName", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "TrainingRun_scheduleId_scheduledFor_key" ON "TrainingRun"("scheduleId", "scheduledFor");

-- CreateIndex
CREATE UNIQUE INDEX "Checkpoint_runId_role_phase_net_epoch_key" ON "Checkpoint"("runId", "role", "phase", "net", "epoch");

-- CreateIndex
CREATE UNIQUE INDEX "Model_name_key" ON "Model"("name");

-- CreateIndex
CREATE INDEX "ModelVersion_runId_idx" ON "ModelVersion"("runId");

-- CreateIndex
CREATE UNIQUE INDEX "ModelVersion_modelId_version_key" ON "ModelVersion"("modelId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "ModelVersion_modelId_checkpointId_key" ON "ModelVersion"("modelId", "checkpointId");

-- CreateIndex
CREATE INDEX "AliasEvent_modelId_alias_id_idx" ON "AliasEvent"("modelId", "alias", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Schedule_name_key" ON "Schedule"("name");

-- CreateIndex
CREATE UNIQUE INDEX "ScheduleDecision_scheduleId_tickAt_key" ON "ScheduleDecision"("scheduleId", "tickAt");

-- AddForeignKey
ALTER TABLE "TrainingRun" ADD CONSTRAINT "TrainingRun_datasetName_fkey" FOREIGN KEY ("datasetName") REFERENCES "Dataset"("name") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrainingRun" ADD CONSTRAINT "TrainingRun_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MetricPoint" ADD CONSTRAINT "MetricPoint_runId_fkey" FOREIGN KEY ("runId") REFERENCES "TrainingRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Checkpoint" ADD CONSTRAINT "Checkpoint_runId_fkey" FOREIGN KEY ("runId") REFERENCES "TrainingRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelVersion" ADD CONSTRAINT "ModelVersion_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelVersion" ADD CONSTRAINT "ModelVersion_runId_fkey" FOREIGN KEY ("runId") REFERENCES "TrainingRun"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelVersion" ADD CONSTRAINT "ModelVersion_checkpointId_fkey" FOREIGN KEY ("checkpointId") REFERENCES "Checkpoint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelVersion" ADD CONSTRAINT "ModelVersion_datasetName_fkey" FOREIGN KEY ("datasetName") REFERENCES "Dataset"("name") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelAlias" ADD CONSTRAINT "ModelAlias_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelAlias" ADD CONSTRAINT "ModelAlias_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "ModelVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AliasEvent" ADD CONSTRAINT "AliasEvent_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AliasEvent" ADD CONSTRAINT "AliasEvent_fromVersionId_fkey" FOREIGN KEY ("fromVersionId") REFERENCES "ModelVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AliasEvent" ADD CONSTRAINT "AliasEvent_toVersionId_fkey" FOREIGN KEY ("toVersionId") REFERENCES "ModelVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Schedule" ADD CONSTRAINT "Schedule_datasetName_fkey" FOREIGN KEY ("datasetName") REFERENCES "Dataset"("name") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScheduleDecision" ADD CONSTRAINT "ScheduleDecision_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScheduleDecision" ADD CONSTRAINT "ScheduleDecision_runId_fkey" FOREIGN KEY ("runId") REFERENCES "TrainingRun"("id") ON DELETE SET NULL ON UPDATE CASCADE;
