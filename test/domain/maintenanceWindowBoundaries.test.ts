import { nextWindowStart, windowStartMinutes } from '../../src/domain/maintenanceWindow';
import type { MaintenanceWindow } from '../../src/domain/model';

// 2024-06-02 is a Sunday (day 0); 2024-06-08 a Saturday (day 6).
const at = (iso: string): Date => new Date(iso);
const next = (now: string, windows: MaintenanceWindow[]): string | null => nextWindowStart(at(now), windows)?.toISOString() ?? null;

describe('windowStartMinutes: only a whole "HH:MM" (or "H:MM") within a day', () => {
  it.each([
    ['00:00', 0],
    ['7:05', 425],
    ['07:59', 479],
    ['23:00', 1380],
    ['23:59', 1439],
  ])('%s is %i minutes after midnight', (start, minutes) => {
    expect(windowStartMinutes(start)).toBe(minutes);
  });

  it.each([
    ['24:00', 'hour past the day'],
    ['07:60', 'minute past the hour'],
    ['123:45', 'text before a valid HH:MM'],
    ['x07:05', 'a prefix'],
    ['07:059', 'text after a valid HH:MM'],
    ['07:05 ', 'a trailing space'],
    ['7:5', 'a one-digit minute'],
    ['', 'nothing'],
  ])('refuses %j (%s), naming the value', (start) => {
    expect(() => windowStartMinutes(start)).toThrow(`maintenance window start "${start}" is not HH:MM`);
  });
});

describe('nextWindowStart: windows that never open', () => {
  const weekdayMorning: MaintenanceWindow = { days: [1, 2, 3, 4, 5], start: '06:30', durationMinutes: 60 };

  it.each([
    ['no duration', 0],
    ['a negative duration', -30],
  ])('a window with %s never opens, so no next start exists (null)', (_name, durationMinutes) => {
    // Wednesday 05:00, before the would-be start at 06:30
    expect(next('2024-06-05T05:00:00Z', [{ days: [3], start: '06:30', durationMinutes }])).toBeNull();
  });

  it('a window with no duration is ignored next to one that opens', () => {
    expect(next('2024-06-05T05:00:00Z', [{ days: [3], start: '05:30', durationMinutes: 0 }, weekdayMorning])).toBe('2024-06-05T06:30:00.000Z');
  });
});

describe('nextWindowStart: the week around now', () => {
  it.each([
    // now on Sunday 00:30; a Saturday-night window of the week before spans into it
    ['open on Sunday in a window that started Saturday of the previous week', { days: [6], start: '23:00', durationMinutes: 120 }, '2024-06-02T00:30:00Z', null],
    // now on Saturday after the window: the next start is in the following week
    ['the next start wraps into the following week', { days: [0], start: '01:00', durationMinutes: 60 }, '2024-06-08T12:00:00Z', '2024-06-09T01:00:00.000Z'],
    // now on Wednesday: Monday's start is past, next is Monday of next week
    ['a day earlier in the week means next week', { days: [1], start: '06:00', durationMinutes: 60 }, '2024-06-05T12:00:00Z', '2024-06-10T06:00:00.000Z'],
    // now on Wednesday: Friday is later this week
    ['a day later in the week means this week', { days: [5], start: '06:00', durationMinutes: 60 }, '2024-06-05T12:00:00Z', '2024-06-07T06:00:00.000Z'],
    // a window longer than a week covers every moment
    ['a window of more than a week is always open', { days: [3], start: '06:00', durationMinutes: 20_000 }, '2024-06-04T12:00:00Z', null],
    ['a window of exactly a week is always open', { days: [3], start: '06:00', durationMinutes: 7 * 24 * 60 }, '2024-06-05T05:59:00Z', null],
    ['one minute short of a week closes just before its next start', { days: [3], start: '06:00', durationMinutes: 7 * 24 * 60 - 1 }, '2024-06-05T05:59:30Z', '2024-06-05T06:00:00.000Z'],
    // a long window (three days) open at its last minute
    ['open in the last minute of a multi-day window', { days: [1], start: '00:00', durationMinutes: 3 * 24 * 60 }, '2024-06-06T23:59:00Z', '2024-06-10T00:00:00.000Z'],
    ['a month and year boundary is handled in UTC', { days: [3], start: '00:15', durationMinutes: 30 }, '2024-12-31T23:00:00Z', '2025-01-01T00:15:00.000Z'],
  ] as const)('%s', (_name, window, now, expected) => {
    expect(next(now, [{ ...window, days: [...window.days] }])).toBe(expected);
  });

  it('the earliest start wins whatever the order of windows and days', () => {
    const late: MaintenanceWindow = { days: [6, 4], start: '20:00', durationMinutes: 60 };
    const early: MaintenanceWindow = { days: [5, 4], start: '08:00', durationMinutes: 60 };
    // Wednesday noon: Thursday 08:00 is the earliest of Thu 08:00, Thu 20:00, Fri 08:00, Sat 20:00
    expect(next('2024-06-05T12:00:00Z', [late, early])).toBe('2024-06-06T08:00:00.000Z');
    expect(next('2024-06-05T12:00:00Z', [early, late])).toBe('2024-06-06T08:00:00.000Z');
  });
});
