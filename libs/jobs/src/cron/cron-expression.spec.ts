import { CronSyntaxError, parseCron } from './cron-expression.js';

const at = (iso: string) => new Date(iso);

describe('cron expressions', () => {
  it.each([
    ['* * * * *', '2026-11-27T03:04:59Z', '2026-11-27T03:05:00.000Z'],
    ['*/15 * * * *', '2026-11-27T03:04:00Z', '2026-11-27T03:15:00.000Z'],
    ['0 3 * * *', '2026-11-27T03:00:00Z', '2026-11-28T03:00:00.000Z'],
    ['30 2 * * MON', '2026-11-27T00:00:00Z', '2026-11-30T02:30:00.000Z'], // 27 Nov 2026 is a Friday
    ['0 0 1 jan,jul *', '2026-11-27T00:00:00Z', '2027-01-01T00:00:00.000Z'],
    ['5-10/5 8-9 * * *', '2026-11-27T08:06:00Z', '2026-11-27T08:10:00.000Z'],
    ['0 0 29 2 *', '2026-03-01T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['0 12 13 * 5', '2026-11-27T12:00:00Z', '2026-12-04T12:00:00.000Z'], // Friday OR the 13th
    ['0 0 * * 7', '2026-11-27T00:00:00Z', '2026-11-29T00:00:00.000Z'], // 7 = Sunday
    ['@hourly', '2026-11-27T03:00:00Z', '2026-11-27T04:00:00.000Z'],
    ['@weekly', '2026-11-27T00:00:00Z', '2026-11-29T00:00:00.000Z'],
  ])('%s: next after %s is %s', (expression, after, expected) => {
    expect(parseCron(expression).next(at(after))?.toISOString()).toBe(expected);
  });

  it.each([
    ['* * * * *', '2026-11-27T03:04:59.999Z', '2026-11-27T03:04:00.000Z'],
    ['0 3 * * *', '2026-11-27T03:00:00Z', '2026-11-27T03:00:00.000Z'],
    ['0 3 * * *', '2026-11-27T02:59:59Z', '2026-11-26T03:00:00.000Z'],
    ['15 */6 1 * *', '2026-11-27T00:00:00Z', '2026-11-01T18:15:00.000Z'],
    ['0 0 29 2 *', '2027-06-01T00:00:00Z', '2024-02-29T00:00:00.000Z'],
  ])('%s: latest at or before %s is %s', (expression, atOrBefore, expected) => {
    expect(parseCron(expression).previous(at(atOrBefore))?.toISOString()).toBe(expected);
  });

  it('agrees with itself: next(previous(t) - 1 min) is previous(t)', () => {
    const cron = parseCron('7,37 */3 * * 1-5');
    let t = at('2026-11-27T00:00:00Z');
    for (let i = 0; i < 50; i++) {
      const next = cron.next(t) as Date;
      expect(cron.matches(next)).toBe(true);
      expect(cron.previous(next)).toEqual(next);
      expect(cron.previous(new Date(next.getTime() - 1))?.getTime() ?? 0).toBeLessThan(next.getTime());
      t = next;
    }
  });

  it.each([
    ['* * * *', /expected 5 fields/],
    ['0 * * * * *', /expected 5 fields .* got 6/],
    ['61 * * * *', /minute: .*got value 61 expected range 0-59/],
    ['* 24 * * *', /hour: .*got value 24 expected range 0-23/],
    ['* * 0 * *', /day of month: .*got value 0 expected range 1-31/],
    ['* * * FOO *', /month: .*cannot resolve alias "foo"/],
    ['*/0 * * * *', /minute: .*cannot repeat at every 0 time/],
    ['10-5 * * * *', /minute: Invalid range: 10-5/],
    ['0 0 31 2 *', /Invalid explicit day of month/],
    ['1,,2 * * * *', /Invalid list value/],
  ])('rejects %s', (expression, reason) => {
    expect(() => parseCron(expression)).toThrow(CronSyntaxError);
    expect(() => parseCron(expression)).toThrow(reason);
  });
});
