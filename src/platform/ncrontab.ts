/**
 * The timer schedule as Azure Functions reads it: an NCRONTAB expression of six fields
 * (`{second} {minute} {hour} {day} {month} {day-of-week}`), or a TimeSpan `hh:mm:ss` (App Service plans only).
 * Field syntax is checked here (no Quartz `L W # ?`); values, ranges and steps by `cron-parser`.
 */
import { CronExpressionParser } from 'cron-parser';

const FIELDS = ['second', 'minute', 'hour', 'day', 'month', 'day-of-week'] as const;
const ITEM = '(?:\\*|\\d{1,2}|[A-Za-z]{3})(?:-(?:\\d{1,2}|[A-Za-z]{3}))?(?:/\\d{1,2})?';
const FIELD = new RegExp(`^${ITEM}(?:,${ITEM})*$`);
const TIMESPAN = /^(\d{1,2}):([0-5]\d):([0-5]\d)$/;

/** The problem with `expression` as a Functions timer schedule, or undefined when it is valid. */
export function scheduleProblem(expression: string): string | undefined {
  const text = expression.trim();
  const span = TIMESPAN.exec(text);
  if (span) return Number(span[1]) < 24 ? undefined : 'a TimeSpan hh:mm:ss needs hours below 24';
  const fields = text.split(/\s+/);
  if (fields.length !== 6) return `must be a 6-field NCRONTAB expression ({second} {minute} {hour} {day} {month} {day-of-week}, e.g. "0 */30 * * * *"), got ${fields.length} field${fields.length === 1 ? '' : 's'}`;
  const bad = fields.findIndex((f) => !FIELD.test(f));
  if (bad >= 0) return `the ${FIELDS[bad]} field "${fields[bad]}" is not a number, name, *, range, list or step`;
  try {
    CronExpressionParser.parse(text);
  } catch (error) {
    return `not a valid NCRONTAB expression: ${error instanceof Error ? error.message : String(error)}`;
  }
  return undefined;
}
