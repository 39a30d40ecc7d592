import fc from 'fast-check';
import { nextWindowStart, windowStartMinutes } from '../../src/domain/maintenanceWindow';
import type { MaintenanceWindow } from '../../src/domain/model';

// 2024-06-02 is a Sunday.
const at = (iso: string): Date => new Date(iso);

describe('nextWindowStart', () => {
  const saturdayNight: MaintenanceWindow = { days: [6], start: '22:00', durationMinutes: 240 };
  const weekdayMorning: MaintenanceWindow = { days: [1, 2, 3, 4, 5], start: '06:30', durationMinutes: 60 };

  it.each([
    ['is open when there are no windows', [], '2024-06-05T12:00:00Z', null],
    ['is open inside a window', [weekdayMorning], '2024-06-05T06:45:00Z', null],
    ['is open at the exact start', [weekdayMorning], '2024-06-05T06:30:00Z', null],
    ['is closed at the exact end', [weekdayMorning], '2024-06-05T07:30:00Z', '2024-06-06T06:30:00.000Z'],
    ['waits for later the same day', [weekdayMorning], '2024-06-05T05:00:00Z', '2024-06-05T06:30:00.000Z'],
    ['skips the weekend', [weekdayMorning], '2024-06-07T08:00:00Z', '2024-06-10T06:30:00.000Z'],
    ['is open after midnight in a window spanning it (Sunday, week wrap)', [saturdayNight], '2024-06-02T01:00:00Z', null],
    ['waits for next Saturday after the spanning window closed', [saturdayNight], '2024-06-02T02:00:00Z', '2024-06-08T22:00:00.000Z'],
    ['picks the earliest of several windows', [saturdayNight, weekdayMorning], '2024-06-07T23:00:00Z', '2024-06-08T22:00:00.000Z'],
    ['ignores windows that never open', [{ days: [], start: '01:00', durationMinutes: 60 }], '2024-06-07T23:00:00Z', null],
  ] as const)('%s', (_name, windows, now, expected) => {
    const result = nextWindowStart(at(now), windows.map((w) => ({ ...w, days: [...w.days] })));
    expect(result === null ? null : result.toISOString()).toEqual(expected);
  });

  it('rejects a malformed start', () => {
    expect(() => windowStartMinutes('25:00')).toThrow(/HH:MM/);
    expect(windowStartMinutes('07:05')).toBe(425);
  });

  it('returns a start at or after now that lies inside a window, or null only when a window is open now (property)', () => {
    const window = fc.record({
      days: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }),
      start: fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
      durationMinutes: fc.integer({ min: 1, max: 3000 }),
    });
    const isOpen = (t: Date, windows: MaintenanceWindow[]): boolean =>
      windows.some((w) => {
        const [h, m] = w.start.split(':').map(Number) as [number, number];
        for (let back = 0; back <= 8; back++) {
          const day = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate() - back, h, m));
          if (w.days.includes(day.getUTCDay()) && day.getTime() <= t.getTime() && t.getTime() < day.getTime() + w.durationMinutes * 60_000) return true;
        }
        return false;
      });
    fc.assert(
      fc.property(fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }), fc.array(window, { minLength: 1, maxLength: 3 }), (now, windows) => {
        const next = nextWindowStart(now, windows);
        if (next === null) {
          expect(isOpen(now, windows)).toBe(true);
        } else {
          expect(isOpen(now, windows)).toBe(false);
          expect(next.getTime()).toBeGreaterThan(now.getTime());
          expect(isOpen(next, windows)).toBe(true);
          expect(isOpen(new Date(next.getTime() - 60_000), windows) && next.getTime() - 60_000 > now.getTime()).toBe(false);
        }
      }),
    );
  });
});
