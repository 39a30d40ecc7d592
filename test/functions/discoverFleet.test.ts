import { runDiscoverFleet } from '../../src/functions/discoverFleet';
import { durableStarter, type DurableClientLike, type HandlerDeps } from '../../src/host/durableStarter';
import { APPROVAL_EVENT, FLEET_ROLLOUT_INSTANCE_ID, type FleetRolloutInput } from '../../src/host/rolloutContracts';
import type { Services } from '../../src/host/services';

/**
 * An in-memory durable client with the three methods the starter uses. getStatus answers an unknown id the way
 * durable-functions 3.5 does: it throws the "HTTP 404 response" error.
 */
class MemoryDurableClient {
  readonly instances = new Map<string, { name: string; runtimeStatus: string; input: unknown }>();
  readonly events: { instanceId: string; name: string; data: unknown }[] = [];
  readonly client = {
    getStatus: (instanceId: string) => {
      const i = this.instances.get(instanceId);
      if (!i) return Promise.reject(new Error(`DurableClient error: Durable Functions extension replied with HTTP 404 response. This usually means we could not find any data associated with the instanceId provided: ${instanceId}.`));
      return Promise.resolve({ instanceId, runtimeStatus: i.runtimeStatus, input: i.input, customStatus: { ring: 'canary' }, output: null });
    },
    startNew: (name: string, options?: { instanceId?: string; input?: unknown }) => {
      const id = options?.instanceId ?? 'generated';
      this.instances.set(id, { name, runtimeStatus: 'Pending', input: options?.input });
      return Promise.resolve(id);
    },
    raiseEvent: (instanceId: string, name: string, data: unknown) => Promise.resolve(void this.events.push({ instanceId, name, data })),
  } as unknown as DurableClientLike;
}

function deps(memory: MemoryDurableClient, dryRun = true) {
  const logs: string[] = [];
  const log = { info: (m: string) => logs.push(m), warn: (m: string) => logs.push(m), error: (m: string) => logs.push(m) };
  const d: HandlerDeps = { services: () => ({ dryRun }) as Services, starter: durableStarter(memory.client), now: () => new Date('2024-05-01T10:00:00.000Z'), log };
  return { d, logs };
}

describe('discoverFleet timer', () => {
  it('starts the singleton fleet rollout with a timestamped rollout id and the dry-run setting', async () => {
    const memory = new MemoryDurableClient();
    const { d, logs } = deps(memory, false);
    const out = await runDiscoverFleet(d);
    expect(out).toEqual({ result: 'started', instanceId: FLEET_ROLLOUT_INSTANCE_ID, rolloutId: 'fleet-2024-05-01T10:00:00.000Z' });
    const started = memory.instances.get(FLEET_ROLLOUT_INSTANCE_ID);
    expect(started?.name).toBe('fleetRollout');
    expect(started?.input).toEqual<FleetRolloutInput>({ rolloutId: 'fleet-2024-05-01T10:00:00.000Z', trigger: { kind: 'timer' }, dryRun: false });
    expect(logs).toEqual(['fleet rollout started']);
  });

  it.each(['Pending', 'Running'])('starts nothing while the fleet rollout is %s (and logs it)', async (status) => {
    const memory = new MemoryDurableClient();
    memory.instances.set(FLEET_ROLLOUT_INSTANCE_ID, { name: 'fleetRollout', runtimeStatus: status, input: { rolloutId: 'fleet-old' } });
    const { d, logs } = deps(memory);
    expect((await runDiscoverFleet(d)).result).toBe('already-running');
    expect(memory.instances.get(FLEET_ROLLOUT_INSTANCE_ID)?.input).toEqual({ rolloutId: 'fleet-old' });
    expect(logs).toEqual(['fleet rollout already running: nothing started']);
  });

  it.each(['Completed', 'Failed', 'Terminated'])('starts a new run after a %s one', async (status) => {
    const memory = new MemoryDurableClient();
    memory.instances.set(FLEET_ROLLOUT_INSTANCE_ID, { name: 'fleetRollout', runtimeStatus: status, input: {} });
    const { d } = deps(memory);
    expect((await runDiscoverFleet(d)).result).toBe('started');
  });
});

describe('durableStarter', () => {
  it('maps the 404 of an unknown instance to NotFound and passes other errors through', async () => {
    const memory = new MemoryDurableClient();
    const starter = durableStarter(memory.client);
    expect(await starter.status('nope')).toEqual({ instanceId: 'nope', runtimeStatus: 'NotFound' });
    const failing = durableStarter({ ...memory.client, getStatus: () => Promise.reject(new Error('HTTP 500 from the extension')) });
    await expect(failing.status('x')).rejects.toThrow('HTTP 500');
  });

  it('reports status, input and custom status of a known instance', async () => {
    const memory = new MemoryDurableClient();
    memory.instances.set('i1', { name: 'clusterRollout', runtimeStatus: 'Running', input: { rolloutId: 'r1' } });
    expect(await durableStarter(memory.client).status('i1')).toEqual({ instanceId: 'i1', runtimeStatus: 'Running', input: { rolloutId: 'r1' }, customStatus: { ring: 'canary' }, output: null });
  });

  it('raises the approval event only on a running instance', async () => {
    const memory = new MemoryDurableClient();
    memory.instances.set('run', { name: 'fleetRollout', runtimeStatus: 'Running', input: {} });
    memory.instances.set('done', { name: 'fleetRollout', runtimeStatus: 'Completed', input: {} });
    const starter = durableStarter(memory.client);
    expect(await starter.raiseApproval('run', { ring: 'prod', approvedBy: 'ann' })).toBe(true);
    expect(await starter.raiseApproval('done', { ring: 'prod', approvedBy: 'ann' })).toBe(false);
    expect(await starter.raiseApproval('missing', { ring: 'prod', approvedBy: 'ann' })).toBe(false);
    expect(memory.events).toEqual([{ instanceId: 'run', name: APPROVAL_EVENT, data: { ring: 'prod', approvedBy: 'ann' } }]);
  });
});
