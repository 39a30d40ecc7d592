/** ISO-8601 date-times as every input of the app reads them: a real calendar date and time, seconds optional, with `Z` or an offset. */
import { z } from 'zod';

const withSeconds = z.iso.datetime({ offset: true });
const toTheMinute = z.iso.datetime({ offset: true, precision: -1 });

/** A zod schema for an ISO-8601 date-time with a time zone; `2024-06-01T00:00Z` and `2024-06-01T00:00:00.5+02:00` both pass, `2024-02-30T00:00Z` does not. */
export function isoDateTimeSchema(message: string): z.ZodType<string> {
  return z.string(message).refine(isIsoDateTime, { message });
}

/** True when `text` is an ISO-8601 date-time with a time zone (seconds and fractions optional) naming a real instant. */
export function isIsoDateTime(text: string): boolean {
  return withSeconds.safeParse(text).success || toTheMinute.safeParse(text).success;
}
