/** RECONCILER_FLEET_GATE_PATTERN: the display-name pattern of the app's Fleet gates (docs/fleet-manager.md). */
import { loadConfig, SETTINGS } from '../src/config';
import { thrownInputError } from './support/thrownInputError';

const BASE = { [SETTINGS.scopeSubscriptions]: '11111111-2222-3333-4444-555555555555', [SETTINGS.tableConnection]: 'UseDevelopmentStorage=true' };
const pattern = (value?: string): RegExp => loadConfig(value === undefined ? BASE : { ...BASE, [SETTINGS.fleetGatePattern]: value }, () => '').fleetGatePattern;

describe('RECONCILER_FLEET_GATE_PATTERN', () => {
  it('defaults to names starting with "extensions", any case', () => {
    expect(pattern().source).toBe('^extensions');
    expect(pattern().test('Extensions after canary')).toBe(true);
    expect(pattern().test('run checks')).toBe(false);
  });

  it('an empty value is the default', () => {
    expect(pattern('  ').source).toBe('^extensions');
  });

  it('a configured pattern is case-insensitive', () => {
    expect(pattern('^addons:').test('ADDONS: after prod')).toBe(true);
  });

  it.each([
    ['(unclosed', 'is not a regular expression'],
    ['x'.repeat(201), 'at most 200 characters'],
  ])('%j is refused naming the setting', (value, problem) => {
    const error = thrownInputError(() => pattern(value));
    expect(error.input).toBe(SETTINGS.fleetGatePattern);
    expect(error.problem).toContain(problem);
  });
});
