/**
 * Issue 20 item 7: catalog failures are per type. A type whose versions cannot be read (403, a feature not registered,
 * 5xx after the pipeline's retries) is left out with a warning naming the type and the fix; the rest is planned.
 */
import { armConnection } from '../../../src/azure/arm/armConnection';
import { EXTENSION_TYPES_FEATURE_FIX, ExtensionTypeCatalog } from '../../../src/azure/arm/extensionTypeCatalog';
import { planFleet } from '../../../src/domain/plan';
import { defaultPolicy } from '../../../src/domain/policySchema';
import { generateFleet } from '../../../simulator/fleetGenerator';
import { startFleetSimulator } from '../../../simulator/fleetSimulator';
import type { FleetSimulator } from '../../../simulator/types';

describe('extension type catalog: one type failing leaves the rest planned', () => {
  let sim: FleetSimulator;
  const catalogOf = (warnings: string[]) => new ExtensionTypeCatalog({ ...armConnection({ endpoint: sim.endpoint, credential: sim.credential }), ca: sim.ca }, { onWarning: (w) => warnings.push(w), maxRetries: 1, retryDelayMs: 1 });
  beforeAll(async () => {
    sim = await startFleetSimulator({ fleet: generateFleet({ clusters: 24, subscriptions: 1, seed: 8, extensionsPerCluster: [2, 4] }) });
  });
  afterAll(async () => sim.close());
  afterEach(() => sim.faults.clear());

  const typesInFleet = () => [...new Set(sim.snapshot().clusters.flatMap((c) => c.extensions.map((e) => e.extensionType.toLowerCase())))].sort();

  it('the fix is the feature registration Microsoft documents', () => {
    expect(EXTENSION_TYPES_FEATURE_FIX).toBe('az feature registration create --namespace Microsoft.KubernetesConfiguration --name ExtensionTypes');
  });

  it.each([
    ['403 on one type', 403, 'AuthorizationFailed'],
    ['a feature not registered (the exact code is unverified)', 409, 'FeatureNotRegistered'],
    ['400 from the service', 400, 'BadRequest'],
  ])('%s: that type is left out with a warning naming it and the fix; every other type is read', async (_name, status, code) => {
    const [refused, ...others] = typesInFleet();
    sim.faults.refuseExtensionType({ extensionType: refused!, status, code });
    const warnings: string[] = [];
    const catalog = await catalogOf(warnings).catalogFor(sim.snapshot());
    expect(Object.keys(catalog.extensionTypes).sort()).toEqual(others);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`extension type ${refused}`);
    expect(warnings[0]).toContain(String(status));
    expect(warnings[0]).toContain(EXTENSION_TYPES_FEATURE_FIX);
    // the rest of the fleet is planned; the refused type's extensions are not-in-catalog
    const decisions = planFleet(sim.snapshot(), catalog, defaultPolicy(), new Date('2026-01-01T00:00:00Z'));
    const ofRefused = decisions.filter((d) => d.extensionType.toLowerCase() === refused && d.code !== 'system-extension'); // rule 1 comes first
    expect(ofRefused.length).toBeGreaterThan(0);
    expect(new Set(ofRefused.map((d) => d.code))).toEqual(new Set(['not-in-catalog']));
    expect(decisions.some((d) => d.extensionType.toLowerCase() !== refused && d.action === 'upgrade')).toBe(true);
  });

  it('5xx after the retries: left out the same way (the fault fired on every try)', async () => {
    const types = typesInFleet();
    sim.resetCounters();
    sim.faults.serverErrors({ count: 1000, kinds: ['extensionTypes.versions'], status: 503 });
    const warnings: string[] = [];
    const catalog = await catalogOf(warnings).catalogFor(sim.snapshot());
    expect(catalog.extensionTypes).toEqual({});
    expect(warnings).toHaveLength(types.length);
    expect(warnings.every((w) => w.includes('503') && w.includes(EXTENSION_TYPES_FEATURE_FIX))).toBe(true);
    expect(sim.counters().calls['extensionTypes.versions']).toBeGreaterThanOrEqual(types.length * 2); // each tried, then retried once
  });

  it('a login failure (401) still stops the catalog: it is not one type\'s problem', async () => {
    const [first] = typesInFleet();
    sim.faults.refuseExtensionType({ extensionType: first!, status: 401, code: 'InvalidAuthenticationToken' });
    await expect(catalogOf([]).catalogFor(sim.snapshot())).rejects.toMatchObject({ statusCode: 401 });
  });
});
