// Every GraphQL document the dashboard sends. `npm run codegen` checks each against apps/api/schema.graphql
// and generates its result and variable types into src/gql (not committed; part of the build).
import { graphql } from '@/gql';

export const RUN_SUMMARY_FIELDS = graphql(`
  fragment RunSummary on Run {
    id
    kind
    status
    dataset
    preset
    modelName
    backend
    worker
    config
    sourceRunId
    scheduleId
    attempts
    cancelRequested
    failureReason
    progress { phase net epoch }
    testAccuracy { format unformatted backprop }
    timings { createdAt startedAt finishedAt heartbeatAt durationSeconds hsicEpochSeconds }
  }
`);

export const RunsPageQuery = graphql(`
  query RunsPage($filter: RunFilter, $orderBy: RunOrder, $first: Int, $after: String) {
    runs(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { ...RunSummary }
    }
    presets { name description dataset config }
    datasets { name description trainCount testCount }
  }
`);

export const ValidateRunQuery = graphql(`
  query ValidateRun($input: StartRunInput!) {
    validateRun(input: $input) {
      valid
      problems { field message }
      config
      estimate { memoryBytes budgetBytes budgetSource roughDuration }
    }
  }
`);

export const StartRunMutation = graphql(`
  mutation StartRun($input: StartRunInput!) {
    startRun(input: $input) { id status }
  }
`);

export const CancelRunMutation = graphql(`
  mutation CancelRun($id: ID!) {
    cancelRun(id: $id) { id status cancelRequested }
  }
`);

export const RunPageQuery = graphql(`
  query RunPage($id: ID!) {
    run(id: $id) {
      ...RunSummary
      scheduledFor
      checkpoints { id role phase net epoch final sizeBytes sha256 createdAt }
    }
  }
`);

export const RunMetricsQuery = graphql(`
  query RunMetrics($id: ID!) {
    run(id: $id) {
      metricColumns { count phase net epoch batch layer nhsicX nhsicY loss accuracy trainAccuracy testAccuracy seconds }
    }
  }
`);

export const RunProgressSubscription = graphql(`
  subscription RunProgress($runId: ID!) {
    runProgress(runId: $runId) {
      statusChanged
      run { ...RunSummary }
      points { phase net epoch batch layer nhsicX nhsicY loss accuracy trainAccuracy testAccuracy seconds }
    }
  }
`);

export const CompareRunsQuery = graphql(`
  query CompareRuns($filter: RunFilter, $first: Int) {
    runs(filter: $filter, first: $first) { nodes { id kind status dataset preset config timings { createdAt } } }
  }
`);

export const ModelsPageQuery = graphql(`
  query ModelsPage {
    models {
      name
      description
      createdAt
      latestVersion
      aliases { alias version updatedAt }
      versions { version kind testAccuracy dataset createdAt }
    }
  }
`);

export const ModelPageQuery = graphql(`
  query ModelPage($name: String!) {
    model(name: $name) {
      name
      description
      createdAt
      latestVersion
      aliases { alias version updatedAt }
      aliasHistory { id alias fromVersion toVersion reason createdAt }
      versions {
        version
        kind
        testAccuracy
        dataset
        createdAt
        aliases
        runId
        checkpoint { sizeBytes sha256 }
      }
    }
    schedules {
      id
      name
      cron
      dataset
      modelName
      alias
      enabled
      config
      createdAt
      updatedAt
      lastFiredAt
      nextTickAt
      decisions(limit: 20) {
        id
        tickAt
        promoted
        reason
        candidateAccuracy
        currentAccuracy
        candidateVersion { version }
        currentVersion { version }
        runId
      }
    }
    presets { name }
    datasets { name }
  }
`);

export const PromoteVersionMutation = graphql(`
  mutation PromoteVersion($model: String!, $version: Int!, $alias: String!) {
    promoteVersion(model: $model, version: $version, alias: $alias) { alias version }
  }
`);

export const RollbackAliasMutation = graphql(`
  mutation RollbackAlias($model: String!, $alias: String!) {
    rollbackAlias(model: $model, alias: $alias) { alias version }
  }
`);

export const CreateScheduleMutation = graphql(`
  mutation CreateSchedule($input: CreateScheduleInput!) {
    createSchedule(input: $input) { id }
  }
`);

export const UpdateScheduleMutation = graphql(`
  mutation UpdateSchedule($id: ID!, $input: UpdateScheduleInput!) {
    updateSchedule(id: $id, input: $input) { id enabled }
  }
`);

export const DeleteScheduleMutation = graphql(`
  mutation DeleteSchedule($id: ID!) {
    deleteSchedule(id: $id)
  }
`);

export const ClassifyPageQuery = graphql(`
  query ClassifyPage {
    models {
      name
      aliases { alias version }
      versions { version dataset kind testAccuracy }
    }
    datasets { name classNames }
  }
`);

export const TestSamplesQuery = graphql(`
  query TestSamples($dataset: String!, $offset: Int, $limit: Int) {
    dataset(name: $dataset) {
      name
      testCount
      testSamples(offset: $offset, limit: $limit) { index label className pngDataUrl }
    }
  }
`);

export const OperationsPageQuery = graphql(`
  query OperationsPage {
    operations {
      api { startedAt uptimeSeconds backend embeddedDatabase ready notReadyReason }
      trainingQueue { queue queued active }
      runs { status count }
    }
    workers {
      id
      hostname
      pid
      backend
      device
      detail
      state
      startedAt
      lastSeenAt
      stoppedAt
      currentRun { id kind dataset progress { phase epoch } }
    }
  }
`);
