// Standard 5-field cron (minute hour day-of-month month day-of-week), evaluated in UTC at minute precision by
// cron-parser: `*`, ranges, steps, lists, month and weekday names (JAN, MON), 0 or 7 for Sunday, and @hourly /
// @daily / @midnight / @weekly / @monthly / @yearly / @annually.
import { CronExpressionParser } from 'cron-parser';

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
  private constructor(readonly source: string) {}

  static parse(expression: string): CronExpression {
    const text = expression.trim();
    const fields = text.split(/\s+/).length;
    // cron-parser also reads a leading seconds field and fills in missing ones; a schedule is five fields, minute first.
    if (!text.startsWith('@') && fields !== 5) {
      throw new CronSyntaxError(expression, `expected 5 fields (minute hour day-of-month month day-of-week), got ${fields}`);
    }
    const cron = new CronExpression(expression);
    cron.from(new Date(0));
    return cron;
  }

  /** Whether the expression fires in the (UTC) minute of `date`. */
  matches(date: Date): boolean {
    return this.from(date).includesDate(new Date(Math.floor(date.getTime() / MINUTE) * MINUTE));
  }

  /** The first tick strictly after `after`, or null when there is none. */
  next(after: Date): Date | null {
    return this.step(() => this.from(after).next().toDate());
  }

  /** The latest tick at or before `atOrBefore`, or null when there is none. */
  previous(atOrBefore: Date): Date | null {
    // cron-parser's prev() is strictly before its current date: a millisecond later includes the tick at atOrBefore.
    return this.step(() => this.from(new Date(atOrBefore.getTime() + 1)).prev().toDate());
  }

  private from(currentDate: Date) {
    try {
      return CronExpressionParser.parse(this.source.trim(), { currentDate, tz: 'UTC' });
    } catch (error) {
      const field = faultyField(this.source.trim());
      const reason = error instanceof Error ? error.message : String(error);
      throw new CronSyntaxError(this.source, field === undefined ? reason : `${field}: ${reason}`);
    }
  }

  private step(tick: () => Date): Date | null {
    try {
      return tick();
    } catch {
      return null; // out of cron-parser's search range
    }
  }
}

/** Parses (and so validates) a cron expression; throws CronSyntaxError with what is wrong. */
export const parseCron = (expression: string): CronExpression => CronExpression.parse(expression);
