// Standard 5-field cron (minute hour day-of-month month day-of-week), evaluated in UTC at minute precision by
// cron-parser: `*`, ranges, steps, lists, month and weekday names (JAN, MON), 0 or 7 for Sunday, and @hourly /
// @daily / @midnight / @weekly / @monthly / @yearly / @annually.
import { CronExpressionParser, type CronExpression as ParsedCron } from 'cron-parser';

export class CronSyntaxError extends Error {
  constructor(
    readonly expression: string,
    reason: string,
  ) {
    super(`invalid cron expression '${expression}': ${reason}`);
    this.name = 'CronSyntaxError';
  }
}

const MINUTE = 60_000;
const FIELD_NAMES = ['minute', 'hour', 'day of month', 'month', 'day of week'];

/** cron-parser's messages do not say which field is wrong: the first that fails on its own, if one does. */
function faultyField(text: string): string | undefined {
  const parts = text.split(/\s+/);
  if (parts.length !== FIELD_NAMES.length) return undefined;
  return FIELD_NAMES.find((_, i) => {
    try {
      CronExpressionParser.parse(parts.map((part, j) => (j === i ? part : '*')).join(' '));
      return false;
    } catch {
      return true;
    }
  });
}

export class CronExpression {
  private constructor(
    readonly source: string,
    private readonly parsed: ParsedCron,
  ) {}

  static parse(expression: string): CronExpression {
    const text = expression.trim();
    const fields = text.split(/\s+/).length;
    // cron-parser also reads a leading seconds field and fills in missing ones; a schedule is five fields, minute first.
    if (!text.startsWith('@') && fields !== 5) {
      throw new CronSyntaxError(expression, `expected 5 fields (minute hour day-of-month month day-of-week), got ${fields}`);
    }
    try {
      return new CronExpression(expression, CronExpressionParser.parse(text, { tz: 'UTC' }));
    } catch (error) {
      const field = faultyField(text);
      const reason = error instanceof Error ? error.message : String(error);
      throw new CronSyntaxError(expression, field === undefined ? reason : `${field}: ${reason}`);
    }
  }

  /** Whether the expression fires in the (UTC) minute of `date`. */
  matches(date: Date): boolean {
    return this.parsed.includesDate(new Date(Math.floor(date.getTime() / MINUTE) * MINUTE));
  }

  /** The first tick strictly after `after`, or null when there is none. */
  next(after: Date): Date | null {
    return this.step(after, () => this.parsed.next().toDate());
  }

  /** The latest tick at or before `atOrBefore`, or null when there is none. */
  previous(atOrBefore: Date): Date | null {
    // cron-parser's prev() is strictly before its current date: a millisecond later includes the tick at atOrBefore.
    return this.step(new Date(atOrBefore.getTime() + 1), () => this.parsed.prev().toDate());
  }

  /** One step from `from` (the parsed expression is an iterator: each call starts it again there). */
  private step(from: Date, tick: () => Date): Date | null {
    this.parsed.reset(from);
    try {
      return tick();
    } catch {
      return null; // out of cron-parser's search range
    }
  }
}

/** Parses (and so validates) a cron expression; throws CronSyntaxError with what is wrong. */
export const parseCron = (expression: string): CronExpression => CronExpression.parse(expression);
