/** Issue 15's policy and catalog fields: defaults, and a one-line error naming the input, the entry and the problem. */
import { parseCatalog } from '../../../src/domain/schemas/catalogSchema';
import { parsePolicy } from '../../../src/domain/schemas/policySchema';

const policy = (rollout: Record<string, unknown>) => ({ rollout });
const message = (value: unknown): string => {
  try {
    parsePolicy(value, 'policy.json');
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
};

describe('policy: healthGate, rollbackOnFailure, freezes, minSuccessRatio', () => {
  it('parses every field; rings inherit minSuccessRatio from the default ring', () => {
    const p = parsePolicy(
      policy({
        healthGate: { alertSeverities: ['Sev0', 'Sev1'], extensionStatusLevels: ['Error'] },
        rollbackOnFailure: true,
        freezes: [{ from: '2026-12-20T00:00:00Z', to: '2027-01-02T00:00:00Z', reason: 'year-end', clusterTags: { env: 'prod' } }],
        defaultRing: { minSuccessRatio: 0.9 },
        rings: [{ name: 'canary', minSuccessRatio: 1 }, { name: 'prod' }],
      }),
      'policy.json',
    );
    expect(p.rollout.healthGate).toEqual({ alertSeverities: ['Sev0', 'Sev1'], extensionStatusLevels: ['Error'] });
    expect(p.rollout.rollbackOnFailure).toBe(true);
    expect(p.rollout.freezes).toEqual([{ from: '2026-12-20T00:00:00Z', to: '2027-01-02T00:00:00Z', reason: 'year-end', clusterIds: [], clusterTags: { env: 'prod' } }]);
    expect(p.rollout.rings.map((r) => r.minSuccessRatio)).toEqual([1, 0.9]);
  });

  it('absent fields keep today behaviour: no gate, no rollback, no freezes, no floor', () => {
    const p = parsePolicy({}, 'policy.json');
    expect([p.rollout.healthGate, p.rollout.rollbackOnFailure, p.rollout.freezes, p.rollout.defaultRing.minSuccessRatio]).toEqual([undefined, undefined, undefined, undefined]);
  });

  const cases: { name: string; rollout: Record<string, unknown>; expected: string }[] = [
    { name: 'unknown severity', rollout: { healthGate: { alertSeverities: ['Critical'] } }, expected: 'policy.json: $.rollout.healthGate.alertSeverities[0]: expected one of Sev0, Sev1, Sev2, Sev3, Sev4' },
    { name: 'unknown status level', rollout: { healthGate: { extensionStatusLevels: ['Fatal'] } }, expected: 'policy.json: $.rollout.healthGate.extensionStatusLevels[0]: expected one of Error, Warning, Information' },
    { name: 'floor above 1', rollout: { rings: [{ name: 'a', minSuccessRatio: 1.5 }] }, expected: 'policy.json: $.rollout.rings[0].minSuccessRatio:' },
    { name: 'freeze date without time zone', rollout: { freezes: [{ from: '2026-12-20T00:00:00', to: '2027-01-02T00:00:00Z', reason: 'x' }] }, expected: 'policy.json: $.rollout.freezes[0].from: expected an ISO-8601 date-time with a time zone' },
    { name: 'freeze ending before it starts', rollout: { freezes: [{ from: '2027-01-02T00:00:00Z', to: '2026-12-20T00:00:00Z', reason: 'x' }] }, expected: 'policy.json: $.rollout.freezes[0].to: the freeze ends before it starts' },
    { name: 'freeze without reason', rollout: { freezes: [{ from: '2026-12-20T00:00:00Z', to: '2027-01-02T00:00:00Z', reason: ' ' }] }, expected: 'policy.json: $.rollout.freezes[0].reason: give a reason' },
    {
      name: 'overlapping freezes of the same scope',
      rollout: {
        freezes: [
          { from: '2026-12-20T00:00:00Z', to: '2027-01-02T00:00:00Z', reason: 'year-end' },
          { from: '2026-11-01T00:00:00Z', to: '2026-11-02T00:00:00Z', reason: 'fine' },
          { from: '2027-01-01T00:00:00Z', to: '2027-01-05T00:00:00Z', reason: 'new year' },
        ],
      },
      expected: 'policy.json: $.rollout.freezes[2]: overlaps freezes[0] ("year-end", 2026-12-20T00:00:00Z → 2027-01-02T00:00:00Z) on the same clusters: merge them into one entry',
    },
    { name: 'unknown field in a freeze', rollout: { freezes: [{ from: '2026-12-20T00:00:00Z', to: '2027-01-02T00:00:00Z', reason: 'x', tags: {} }] }, expected: 'policy.json: $.rollout.freezes[0]' },
  ];
  it.each(cases)('$name', ({ rollout, expected }) => {
    expect(message(policy(rollout))).toContain(expected);
  });

  it('freezes of different scopes may overlap; touching freezes of one scope do not overlap', () => {
    const p = parsePolicy(
      policy({
        freezes: [
          { from: '2026-12-20T00:00:00Z', to: '2027-01-02T00:00:00Z', reason: 'fleet' },
          { from: '2026-12-01T00:00:00Z', to: '2026-12-31T00:00:00Z', reason: 'prod only', clusterTags: { env: 'prod' } },
          { from: '2027-01-02T00:00:00Z', to: '2027-01-03T00:00:00Z', reason: 'right after' },
        ],
      }),
      'policy.json',
    );
    expect(p.rollout.freezes).toHaveLength(3);
  });
});

describe('catalog: security flag', () => {
  it('keeps security: true and refuses a non-boolean, naming the entry', () => {
    const { catalog } = parseCatalog({ extensionTypes: { 'Microsoft.Flux': { versions: [{ version: '1.8.5', security: true }, { version: '1.8.4' }] } } }, 'catalog.json');
    expect(catalog.extensionTypes['microsoft.flux']?.versions).toEqual([{ version: '1.8.5', releaseTrain: 'stable', security: true }, { version: '1.8.4', releaseTrain: 'stable' }]);
    expect(() => parseCatalog({ extensionTypes: { f: { versions: [{ version: '1.0.0', security: 'yes' }] } } }, 'catalog.json')).toThrow('catalog.json: $.extensionTypes.f.versions[0].security: expected true or false');
  });
});
