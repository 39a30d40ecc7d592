/** ISO-8601 date-times as every input reads them: a real date and time with a zone, seconds and fractions optional. */
import { isIsoDateTime, isoDateTimeSchema } from '../../../src/domain/schemas/isoDateTime';

describe('isIsoDateTime', () => {
  it.each([
    ['to the minute, Z', '2024-06-01T00:00Z', true],
    ['to the minute, an offset', '2024-06-01T00:00+02:00', true],
    ['with seconds, Z', '2024-06-01T00:00:00Z', true],
    ['with a fraction of a second and an offset', '2024-06-01T00:00:00.5+02:00', true],
    ['with milliseconds, a negative offset', '2024-06-01T23:59:59.999-05:30', true],
    ['a day the calendar does not have', '2024-02-30T00:00Z', false],
    ['no time zone', '2024-06-01T00:00', false],
    ['a date alone', '2024-06-01', false],
    ['not a date', 'tomorrow', false],
  ])('%s: %s → %s', (_name, text, expected) => {
    expect(isIsoDateTime(text)).toBe(expected);
  });
});

describe('isoDateTimeSchema', () => {
  it('takes what isIsoDateTime takes, and refuses the rest with the caller\'s message', () => {
    const schema = isoDateTimeSchema('expected an ISO-8601 date-time with a time zone');
    expect(schema.safeParse('2024-06-01T00:00Z').success).toBe(true);
    const refused = schema.safeParse('2024-06-01');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe('expected an ISO-8601 date-time with a time zone');
    expect(schema.safeParse(42).error?.issues[0]?.message).toBe('expected an ISO-8601 date-time with a time zone');
  });
});
