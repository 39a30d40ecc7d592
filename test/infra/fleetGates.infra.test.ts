/**
 * Fleet Manager in the compiled Bicep (scripts/bicep.sh, as template.test.ts): the fleet-gate operator role (exact
 * actions, assigned on each listed fleet only), the subscription's Microsoft.ResourceNotifications.AKSResources system
 * topic or an existing one, the event subscription of onFleetGateEvent (the three gate events of Approval gates), and
 * the gate-pattern app setting. Every event type subscribed to parses as a gate event. RECONCILER_SKIP_INFRA_TESTS=1 skips.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFleetGateEvent } from '../../src/azure/eventGrid/fleetGateEvents';
import { type ArmTemplate, type Found, findResources, resolve, single } from './armTemplate';

const root = join(__dirname, '..', '..');
const describeInfra = process.env.RECONCILER_SKIP_INFRA_TESTS === '1' ? describe.skip : describe;
const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value) ?? '');

/** The actions the app needs at a gate, each named by the call that needs it (docs/fleet-manager.md). */
const FLEET_GATE_ACTIONS = [
  'Microsoft.ContainerService/fleets/gates/read',
  'Microsoft.ContainerService/fleets/gates/write',
  'Microsoft.ContainerService/fleets/members/read',
  'Microsoft.ContainerService/fleets/read',
  'Microsoft.ContainerService/fleets/updateRuns/read',
  'Microsoft.ContainerService/locations/operations/read',
];

describeInfra('infra: Fleet Manager gates (compiled Bicep)', () => {
  let main: ArmTemplate;
  let all: Found[];
  beforeAll(() => {
    execFileSync('bash', [join(root, 'scripts', 'bicep.sh')], { cwd: root, encoding: 'utf8', stdio: 'pipe', timeout: 600_000 });
    main = JSON.parse(readFileSync(join(root, '.cache', 'infra-json', 'main.json'), 'utf8')) as ArmTemplate;
    all = findResources(main);
  }, 600_000);

  const deployment = (name: string): Found => single(all, 'Microsoft.Resources/deployments', '', (f) => f.resource.name === name || f.resource.name.includes(`[format('${name}`));
  const inDeployment = (d: Found, type: string): Found[] => findResources(d.resource.properties?.template as ArmTemplate).filter((f) => f.resource.type === type && (f.resource as { existing?: boolean }).existing !== true);

  it('the fleet-gate operator role allows exactly gate read/write and fleet, run, member and operation reads; only when fleets are listed', () => {
    const role = single(all, 'Microsoft.Authorization/roleDefinitions', 'fleet-gate-operator');
    const [p] = resolve(role.template, role.resource.properties?.permissions) as [Record<string, unknown>];
    expect([...(resolve(role.template, p.actions) as string[])].sort()).toEqual(FLEET_GATE_ACTIONS);
    expect([p.notActions, p.dataActions, p.notDataActions]).toEqual([[], [], []]);
    expect(role.resource.condition).toBe("[not(empty(variables('fleets')))]");
    expect(main.parameters?.fleetIds?.defaultValue).toBe('');
  });

  it('is assigned on each listed fleet, scoped to the fleet resource', () => {
    const perFleet = deployment("reconciler-fleet-{0}', uniqueString(variables('fleets')");
    expect(text(perFleet.resource.copy)).toContain("variables('fleets')");
    const [assignment] = inDeployment(perFleet, 'Microsoft.Authorization/roleAssignments') as [Found];
    expect(assignment.resource.scope).toBe("[resourceId('Microsoft.ContainerService/fleets', parameters('fleetName'))]");
    expect((perFleet.resource.properties?.parameters as Record<string, { value?: unknown }>).roleDefinitionId?.value).toContain('fleet-gate-operator');
  });

  it('creates an AKSResources system topic (global) unless an existing one is named, and subscribes onFleetGateEvent to it', () => {
    const [topic] = inDeployment(deployment('reconciler-fleet-topic'), 'Microsoft.EventGrid/systemTopics') as [Found];
    expect(topic.resource.properties?.topicType).toBe('Microsoft.ResourceNotifications.AKSResources');
    expect(text(topic.resource.properties?.source)).toBe('[subscription().id]');
    expect(text((topic.resource as { location?: unknown }).location)).toBe('global');
    expect(main.parameters?.existingAksResourcesTopicIds?.defaultValue).toBe('');
    for (const name of ['reconciler-fleet-gate-events', 'reconciler-fleet-gate-events-existing']) {
      const [sub] = inDeployment(deployment(name), 'Microsoft.EventGrid/systemTopics/eventSubscriptions') as [Found];
      const p = sub.resource.properties as { destination: { endpointType: string; properties: { resourceId: string } }; eventDeliverySchema: string; filter: { includedEventTypes: unknown; advancedFilters: unknown } };
      expect(p.destination.endpointType).toBe('AzureFunction');
      expect(p.destination.properties.resourceId).toMatch(/'onFleetGateEvent'\)\]$/);
      expect(p.eventDeliverySchema).toBe('EventGridSchema');
      expect(resolve(sub.template, p.filter.advancedFilters)).toEqual([{ operatorType: 'StringIn', key: 'data.resourceInfo.properties.gateType', values: ['Approval'] }]);
      const types = resolve(sub.template, p.filter.includedEventTypes) as string[];
      expect(types.map((t) => t.split('.').pop())).toEqual(['FleetGateCreated', 'FleetGateUpdated', 'FleetGateDeleted']);
      for (const eventType of types) {
        const gateId = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/fleets/f/gates/00000000-0000-0000-0000-000000000001';
        expect(parseFleetGateEvent({ id: 'e', eventType, data: { resourceInfo: { id: gateId } } }).ok).toBe(true);
      }
    }
  });

  it('a topic the app created dead-letters with its own identity; an existing one does not (the catch-up timer covers it)', () => {
    const own = inDeployment(deployment('reconciler-fleet-gate-events'), 'Microsoft.EventGrid/systemTopics/eventSubscriptions')[0]!;
    const existing = inDeployment(deployment('reconciler-fleet-gate-events-existing'), 'Microsoft.EventGrid/systemTopics/eventSubscriptions')[0]!;
    expect(text(own.resource.properties?.deadLetterWithResourceIdentity)).toContain('parameters(\'deadLetterWithTopicIdentity\')');
    expect((deployment('reconciler-fleet-gate-events').resource.properties?.parameters as Record<string, { value?: unknown }>).deadLetterWithTopicIdentity?.value).toBe(true);
    expect((deployment('reconciler-fleet-gate-events-existing').resource.properties?.parameters as Record<string, { value?: unknown }>).deadLetterWithTopicIdentity?.value).toBe(false);
    expect(existing).toBeDefined();
  });

  it('subscribes only when deployEventSubscriptions is set and fleets are listed; retries as the cluster subscriptions do', () => {
    const own = deployment('reconciler-fleet-gate-events');
    const existing = deployment('reconciler-fleet-gate-events-existing');
    expect(text(own.resource.condition)).toContain("parameters('deployEventSubscriptions')");
    expect(text(own.resource.condition)).toContain("variables('newFleetTopic')");
    expect(text(existing.resource.condition)).toContain("parameters('deployEventSubscriptions')");
    expect(text(existing.resource.condition)).toContain("parameters('subscribeFleetGates')");
    const sub = inDeployment(own, 'Microsoft.EventGrid/systemTopics/eventSubscriptions')[0]!;
    expect(sub.resource.properties?.retryPolicy).toEqual({ maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 });
  });

  it('sets RECONCILER_FLEET_GATE_PATTERN (default ^extensions)', () => {
    const settings = text(single(all, 'Microsoft.Web/sites/config', 'appsettings').resource.properties);
    expect(settings).toContain("'RECONCILER_FLEET_GATE_PATTERN', ");
    expect(main.parameters?.fleetGatePattern?.defaultValue).toBe('^extensions');
  });
});
