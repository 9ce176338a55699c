import {
  metricPointInputSchema,
  metricPointSchema,
  trainingPhaseSchema,
  writtenMetricPointSchema,
  type MetricColumns,
  type MetricPoint,
  type MetricPointInput,
  type MetricQuery,
  type WrittenMetricPoint,
} from '@hsic/contracts';
import type { Db } from '../client/transactions.js';
import { Prisma } from '../generated/prisma/client.js';
import type { AttemptFence } from '../errors.js';
import { fencedError, ownsRunSql } from './attempt-fence.js';

const VALUE_COLUMNS = ['nhsicX', 'nhsicY', 'loss', 'accuracy', 'trainAccuracy', 'testAccuracy', 'seconds'] as const;

const keyOf = (p: MetricPoint) => `${p.phase}|${p.net}|${p.epoch}|${p.batch}|${p.layer}`;

const COLUMNS = Prisma.sql`"phase", "net", "epoch", "batch", "layer", "nhsicX", "nhsicY", "loss", "accuracy",
  "trainAccuracy", "testAccuracy", "seconds", "samples"`;

// phase goes out as text, but is sorted as the enum (pipeline order): the ORDER BY names the qualified input
// column, which an output alias cannot shadow.
const OUTPUT = Prisma.sql`m."phase"::text AS "phase", m."net", m."epoch", m."batch", m."layer", m."nhsicX", m."nhsicY",
  m."loss", m."accuracy", m."trainAccuracy", m."testAccuracy", m."seconds", m."samples"`;

const ORDER = Prisma.sql`ORDER BY m."phase", m."net", m."epoch", m."batch", m."layer"`;
const COLUMN_ORDER = 'ORDER BY m."phase", m."net", m."epoch", m."batch", m."layer"';
const COLUMN_NAMES = ['phase', 'net', 'epoch', 'batch', 'layer', ...VALUE_COLUMNS, 'samples'] as const;

/** `WITH … selected AS (…)`: the run's points the query asks for (downsampled when it says so), unordered. */
function selectedPoints(runId: string, query: MetricQuery): Prisma.Sql {
  const filters = [Prisma.sql`"runId" = ${runId}`];
  if (query.phase !== undefined) filters.push(Prisma.sql`"phase" = ${query.phase}::"TrainingPhase"`);
  if (query.layer !== undefined) filters.push(Prisma.sql`"layer" = ${Number(query.layer)}`);
  const where = Prisma.join(filters, ' AND ');
  const max = query.maxPointsPerSeries === undefined ? undefined : Number(query.maxPointsPerSeries);
  const filtered = Prisma.sql`filtered AS (SELECT ${COLUMNS} FROM "MetricPoint" WHERE ${where})`;
  if (max === undefined) return Prisma.sql`WITH ${filtered}, selected AS (SELECT * FROM filtered)`;
  return Prisma.sql`
    WITH ${filtered}, ranked AS (
      SELECT *, row_number() OVER series AS rn, count(*) OVER (PARTITION BY "phase", "net", "layer") AS n
      FROM filtered WHERE "batch" >= 0
      WINDOW series AS (PARTITION BY "phase", "net", "layer" ORDER BY "epoch", "batch")
    ), selected AS (
      SELECT ${COLUMNS} FROM ranked WHERE (rn - 1) % CEIL(n::float8 / ${max}::int)::bigint = 0
      UNION ALL
      SELECT ${COLUMNS} FROM filtered WHERE "batch" < 0
    )`;
}

/** What the database built, checked once per column (not per value: the columns are typed in SQL). */
function checkedColumns(raw: Record<string, unknown>): MetricColumns {
  const count = Array.isArray(raw.phase) ? raw.phase.length : -1;
  for (const name of COLUMN_NAMES) {
    if (!Array.isArray(raw[name]) || (raw[name] as unknown[]).length !== count) throw new Error(`metric columns: ${name} is not an array of ${count} values`);
  }
  const phases = new Set(trainingPhaseSchema.options);
  if (!(raw.phase as unknown[]).every((p) => phases.has(p as MetricPoint['phase']))) throw new Error('metric columns: an unknown phase');
  return { count, ...(raw as Omit<MetricColumns, 'count'>) };
}

export class MetricsRepository {
  constructor(private readonly prisma: Db) {}

  /**
   * Writes batch and epoch points in one statement, keyed by (run, phase, net, epoch, batch, layer): a point
   * written again (a retried job) updates the row instead of duplicating it. Values the new write lacks
   * (null) keep what was stored, so an epoch row can be completed in several writes. With a fence, the points
   * are written only while that attempt owns the run (else AttemptFencedError, and nothing is written).
   */
  async upsertMany(runId: string, inputs: readonly MetricPointInput[], options: { readonly fence?: AttemptFence } = {}): Promise<number> {
    if (inputs.length === 0) return 0;
    const { fence } = options;
    if (fence && fence.runId !== runId) throw new Error(`the fence of run ${fence.runId} was given for run ${runId}`);
    // Last write wins within the batch too (Postgres refuses to update one row twice in one statement).
    const byKey = new Map<string, MetricPoint>();
    for (const input of inputs) {
      const parsed = metricPointInputSchema.parse(input);
      const point = metricPointSchema.parse({
        net: 0,
        ...Object.fromEntries([...VALUE_COLUMNS, 'samples'].map((column) => [column, null])),
        ...Object.fromEntries(Object.entries(parsed).filter(([, value]) => value !== undefined)),
      });
      byKey.set(keyOf(point), point);
    }
    const points = [...byKey.values()];
    const column = <K extends keyof MetricPoint>(name: K) => points.map((p) => p[name]);
    const updates = Prisma.join([
      ...[...VALUE_COLUMNS, 'samples'].map((name) => Prisma.raw(`"${name}" = COALESCE(EXCLUDED."${name}", "MetricPoint"."${name}")`)),
      Prisma.raw(`"seq" = nextval('"MetricPoint_seq_seq"')`), // a rewrite is news to readers too
    ]);
    const written = await this.prisma.$executeRaw`
      INSERT INTO "MetricPoint" ("runId", "phase", "net", "epoch", "batch", "layer", "nhsicX", "nhsicY", "loss",
                                 "accuracy", "trainAccuracy", "testAccuracy", "seconds", "samples")
      SELECT ${runId}, p.* FROM unnest(
        ${column('phase')}::"TrainingPhase"[], ${column('net')}::int[], ${column('epoch')}::int[],
        ${column('batch')}::int[], ${column('layer')}::int[], ${column('nhsicX')}::float8[], ${column('nhsicY')}::float8[],
        ${column('loss')}::float8[], ${column('accuracy')}::float8[], ${column('trainAccuracy')}::float8[],
        ${column('testAccuracy')}::float8[], ${column('seconds')}::float8[], ${column('samples')}::int[]
      ) AS p
      ${fence ? Prisma.sql`WHERE ${ownsRunSql(fence)}` : Prisma.empty}
      ON CONFLICT ("runId", "phase", "net", "epoch", "batch", "layer") DO UPDATE SET ${updates}`;
    if (fence && written === 0) throw await fencedError(this.prisma, fence);
    return written;
  }

  /**
   * The run's points written (or rewritten) after `after` in write order, at most `limit` of them: what a
   * reader that saw everything up to `after` has missed. Start from lastWritten() to see only what comes next.
   */
  async writtenAfter(runId: string, after: bigint, limit = 20_000): Promise<WrittenMetricPoint[]> {
    const rows = await this.prisma.$queryRaw<WrittenMetricPoint[]>`
      SELECT ${OUTPUT}, m."seq" FROM "MetricPoint" m WHERE m."runId" = ${runId} AND m."seq" > ${after} ORDER BY m."seq" LIMIT ${limit}`;
    return rows.map((row) => writtenMetricPointSchema.parse(row));
  }

  /** The write position of the run's latest point (0 when it has none). */
  async lastWritten(runId: string): Promise<bigint> {
    const [row] = await this.prisma.$queryRaw<{ seq: bigint | null }[]>`SELECT max("seq") AS "seq" FROM "MetricPoint" WHERE "runId" = ${runId}`;
    return row?.seq ?? 0n;
  }

  /**
   * A run's points in (phase, net, epoch, batch, layer) order. With maxPointsPerSeries, each series
   * (phase, net, layer) keeps every k-th batch point so that at most that many remain; epoch rows are
   * always kept.
   */
  async query(runId: string, query: MetricQuery = {}): Promise<MetricPoint[]> {
    const rows = await this.prisma.$queryRaw<MetricPoint[]>`${selectedPoints(runId, query)} SELECT ${OUTPUT} FROM selected m ${ORDER}`;
    return rows.map((row) => metricPointSchema.parse(row));
  }

  /**
   * The same points as query(), as one array per field, built by the database into one JSON value: for a
   * large run (50,000 points) about half the time of reading them as rows, the most of it on the embedded database.
   */
  async columns(runId: string, query: MetricQuery = {}): Promise<MetricColumns> {
    const arrays = Prisma.join(
      COLUMN_NAMES.map((name) => Prisma.raw(`'${name}', COALESCE(array_agg(m."${name}"${name === 'phase' ? '::text' : ''} ${COLUMN_ORDER}), '{}')`)),
    );
    const [row] = await this.prisma.$queryRaw<{ columns: string }[]>`
      ${selectedPoints(runId, query)} SELECT json_build_object(${arrays})::text AS "columns" FROM selected m`;
    return checkedColumns(JSON.parse(row.columns) as Record<string, unknown>);
  }

  async count(runId: string): Promise<number> {
    return this.prisma.metricPoint.count({ where: { runId } });
  }
}
