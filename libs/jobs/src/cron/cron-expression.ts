// Standard 5-field cron (minute hour day-of-month month day-of-week), evaluated in UTC at minute precision:
// `*`, `a`, `a-b`, `*/n`, `a-b/n`, `a/n`, lists `a,b`, month and weekday names (JAN, MON), 0 or 7 for
// Sunday, and @hourly / @daily / @midnight / @weekly / @monthly / @yearly / @annually. As in Vixie cron, when
// both day fields are restricted a day matches if either does.

export class CronSyntaxError extends Error {
  constructor(
    readonly expression: string,
    reason: string,
  ) {
    super(`invalid cron expression '${expression}': ${reason}`);
    this.name = 'CronSyntaxError';
  }
}

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day of week', min: 0, max: 7, names: WEEKDAYS },
];

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const MINUTE = 60_000;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Search horizon: the sparsest valid expression (29 February) fires at least every 8 years. */
const HORIZON_MS = 9 * 366 * 24 * 60 * MINUTE;

function parseValue(text: string, spec: FieldSpec, expression: string): number {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  const value = named >= 0 ? named + (spec.name === 'month' ? 1 : 0) : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(value)) throw new CronSyntaxError(expression, `${spec.name} value '${text}' is not a number`);
  if (value < spec.min || value > spec.max) {
    throw new CronSyntaxError(expression, `${spec.name} value ${value} is out of range ${spec.min}-${spec.max}`);
  }
  return value;
}

function parseField(text: string, spec: FieldSpec, expression: string): Set<number> {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const match = /^([^/]+)(?:\/(\d+))?$/.exec(part);
    if (!match) throw new CronSyntaxError(expression, `${spec.name} field '${text}' is malformed`);
    const [, range, stepText] = match;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1) throw new CronSyntaxError(expression, `${spec.name} step must be at least 1`);
    let low: number;
    let high: number;
    if (range === '*') [low, high] = [spec.min, spec.max];
    else if (range.includes('-')) {
      const [a, b] = range.split('-');
      [low, high] = [parseValue(a, spec, expression), parseValue(b, spec, expression)];
      if (low > high) throw new CronSyntaxError(expression, `${spec.name} range '${range}' runs backwards`);
    } else {
      low = parseValue(range, spec, expression);
      high = stepText === undefined ? low : spec.max; // 'a/n' = from a to the end, every n
    }
    for (let v = low; v <= high; v += step) values.add(spec.name === 'day of week' && v === 7 ? 0 : v);
  }
  return values;
}

export class CronExpression {
  private readonly minutes: Set<number>;
  private readonly hours: Set<number>;
  private readonly daysOfMonth: Set<number>;
  private readonly months: Set<number>;
  private readonly daysOfWeek: Set<number>;
  private readonly dayOfMonthRestricted: boolean;
  private readonly dayOfWeekRestricted: boolean;

  private constructor(readonly source: string) {
    const expanded = MACROS[source.trim().toLowerCase()] ?? source.trim();
    const parts = expanded.split(/\s+/);
    if (parts.length !== 5) {
      throw new CronSyntaxError(source, `expected 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`);
    }
    [this.minutes, this.hours, this.daysOfMonth, this.months, this.daysOfWeek] = parts.map((part, i) =>
      parseField(part, FIELDS[i], source),
    );
    // Vixie cron: a day field that starts with '*' does not restrict (even '*/2').
    this.dayOfMonthRestricted = !parts[2].startsWith('*');
    this.dayOfWeekRestricted = !parts[4].startsWith('*');
    const reachable = [...this.months].some((month) => [...this.daysOfMonth].some((day) => day <= DAYS_IN_MONTH[month - 1]));
    if (this.dayOfMonthRestricted && !this.dayOfWeekRestricted && !reachable) {
      throw new CronSyntaxError(source, 'no month has that day: it would never fire');
    }
  }

  static parse(expression: string): CronExpression {
    return new CronExpression(expression);
  }

  /** Whether the expression fires in the (UTC) minute of `date`. */
  matches(date: Date): boolean {
    return this.minutes.has(date.getUTCMinutes()) && this.hours.has(date.getUTCHours()) && this.dayMatches(date);
  }

  /** The first tick strictly after `after`, or null when there is none within 9 years. */
  next(after: Date): Date | null {
    const limit = after.getTime() + HORIZON_MS;
    const t = new Date(Math.floor(after.getTime() / MINUTE) * MINUTE + MINUTE);
    while (t.getTime() <= limit) {
      if (!this.months.has(t.getUTCMonth() + 1)) {
        t.setUTCMonth(t.getUTCMonth() + 1, 1);
        t.setUTCHours(0, 0, 0, 0);
      } else if (!this.dayMatches(t)) {
        t.setUTCDate(t.getUTCDate() + 1);
        t.setUTCHours(0, 0, 0, 0);
      } else if (!this.hours.has(t.getUTCHours())) {
        t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0);
      } else if (!this.minutes.has(t.getUTCMinutes())) {
        t.setTime(t.getTime() + MINUTE);
      } else {
        return t;
      }
    }
    return null;
  }

  /** The latest tick at or before `atOrBefore`, or null when there is none within 9 years. */
  previous(atOrBefore: Date): Date | null {
    const limit = atOrBefore.getTime() - HORIZON_MS;
    const t = new Date(Math.floor(atOrBefore.getTime() / MINUTE) * MINUTE);
    while (t.getTime() >= limit) {
      if (!this.months.has(t.getUTCMonth() + 1)) {
        t.setUTCDate(1); // last minute of the previous month
        t.setUTCHours(0, -1, 0, 0);
      } else if (!this.dayMatches(t)) {
        t.setUTCHours(0, -1, 0, 0); // last minute of the previous day
      } else if (!this.hours.has(t.getUTCHours())) {
        t.setUTCMinutes(-1, 0, 0); // last minute of the previous hour
      } else if (!this.minutes.has(t.getUTCMinutes())) {
        t.setTime(t.getTime() - MINUTE);
      } else {
        return t;
      }
    }
    return null;
  }

  private dayMatches(date: Date): boolean {
    const dayOfMonth = this.daysOfMonth.has(date.getUTCDate());
    const dayOfWeek = this.daysOfWeek.has(date.getUTCDay());
    if (this.dayOfMonthRestricted && this.dayOfWeekRestricted) return dayOfMonth || dayOfWeek;
    return dayOfMonth && dayOfWeek;
  }
}

/** Parses (and so validates) a cron expression; throws CronSyntaxError naming the field at fault. */
export const parseCron = (expression: string): CronExpression => CronExpression.parse(expression);
