import { isClusterId, subscriptionOf } from '../../../src/domain/armId';
import { parseClusterEvent } from '../../../src/azure/eventGrid/clusterEvents';

const SUB = '11111111-2222-3333-4444-555555555555';
const AKS = `/subscriptions/${SUB}/resourceGroups/rg-a/providers/Microsoft.ContainerService/managedClusters/aks-1`;
const ARC = `/subscriptions/${SUB}/resourceGroups/rg-a/providers/Microsoft.Kubernetes/connectedClusters/arc-1`;

/** An AKS system-topic event in the Event Grid schema (topic = cluster id, subject = cluster name). */
function eg(eventType: string, data: unknown, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: 'evt-1', topic: AKS, subject: 'aks-1', eventType, eventTime: '2024-05-01T10:00:00Z', data, dataVersion: '1', metadataVersion: '1', ...over };
}
/** The same event in the CloudEvents 1.0 schema (source = cluster id). */
function ce(type: string, data: unknown, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { specversion: '1.0', id: 'evt-1', source: AKS, subject: 'aks-1', type, time: '2024-05-01T10:00:00Z', datacontenttype: 'application/json', data, ...over };
}

const armWrite = (resourceUri: string, operationName: string): Record<string, unknown> => ({
  tenantId: 't',
  subscriptionId: SUB,
  resourceGroup: 'rg-a',
  resourceProvider: 'Microsoft.ContainerService',
  resourceUri,
  operationName,
  status: 'Succeeded',
  authorization: { scope: resourceUri, action: operationName },
  claims: { name: 'someone@example.com', ipaddr: '10.0.0.1' },
  correlationId: 'corr-1',
  httpRequest: { clientIpAddress: '10.0.0.1', method: 'PUT' },
});
const rnData = (id: string): Record<string, unknown> => ({
  resourceInfo: { id, name: 'aks-1', type: 'Microsoft.ContainerService/managedClusters', location: 'westeurope', tags: {}, properties: { kubernetesVersion: '1.30.2' } },
  operationalInfo: { resourceEventTime: '2024-05-01T10:00:00Z' },
});

const SYSTEM_CASES = [
  ['NodePoolRollingSucceeded', { nodePoolName: 'system' }, false, undefined],
  ['NewKubernetesVersionAvailable', { latestSupportedKubernetesVersion: '1.30.1', latestStableKubernetesVersion: '1.29.4', lowestMinorKubernetesVersion: '1.28', latestPreviewKubernetesVersion: '1.31.0' }, true, '1.30.1'],
  ['ClusterSupportEnding', { kubernetesVersion: '1.27.9' }, true, undefined],
  ['ClusterSupportEnded', { kubernetesVersion: '1.27.9' }, true, undefined],
] as const;

describe('parseClusterEvent: AKS system events', () => {
  for (const [name, data, informational, announced] of SYSTEM_CASES) {
    for (const [schema, make] of [['Event Grid', eg], ['CloudEvents', ce]] as const) {
      it(`${name} (${schema}) names the cluster from the topic/source`, () => {
        const r = parseClusterEvent(make(`Microsoft.ContainerService.${name}`, data));
        expect(r).toEqual({
          ok: true,
          event: expect.objectContaining({ eventId: 'evt-1', eventType: `Microsoft.ContainerService.${name}`, clusterId: AKS, informational }),
        });
        if (r.ok) expect(r.event.announcedKubernetesVersion).toBe(announced);
      });
    }
  }
});

describe('parseClusterEvent: ARM ResourceWriteSuccess', () => {
  it('a managed cluster write (Event Grid) names the cluster and drops claims', () => {
    const r = parseClusterEvent(eg('Microsoft.Resources.ResourceWriteSuccess', armWrite(AKS, 'Microsoft.ContainerService/managedClusters/write'), { topic: `/subscriptions/${SUB}`, subject: AKS }));
    expect(r.ok && r.event.clusterId).toBe(AKS);
    expect(r.ok && r.event.informational).toBe(false);
    expect(r.ok && Object.keys(r.event.data)).not.toContain('claims');
  });
  it('a connected cluster write (CloudEvents) names the cluster', () => {
    const r = parseClusterEvent(ce('Microsoft.Resources.ResourceWriteSuccess', armWrite(ARC, 'Microsoft.Kubernetes/connectedClusters/write'), { source: `/subscriptions/${SUB}`, subject: ARC }));
    expect(r.ok && r.event.clusterId).toBe(ARC);
  });
  it('falls back to the subject when data has no resourceUri', () => {
    const data = armWrite(AKS, 'Microsoft.ContainerService/managedClusters/write');
    delete data.resourceUri;
    const r = parseClusterEvent(eg('Microsoft.Resources.ResourceWriteSuccess', data, { topic: `/subscriptions/${SUB}`, subject: AKS }));
    expect(r.ok && r.event.clusterId).toBe(AKS);
  });
  it.each([
    [`${AKS}/agentPools/system`, 'Microsoft.ContainerService/managedClusters/agentPools/write'],
    [`${AKS}/providers/Microsoft.KubernetesConfiguration/extensions/flux`, 'Microsoft.KubernetesConfiguration/extensions/write'],
    [`${AKS}/agentPools/system`, 'Microsoft.ContainerService/managedClusters/write'],
    [`/subscriptions/${SUB}/resourceGroups/rg-a/providers/Microsoft.Storage/storageAccounts/st`, 'Microsoft.Storage/storageAccounts/write'],
  ])('rejects a write of %s (%s) as not-a-cluster', (uri, op) => {
    const r = parseClusterEvent(eg('Microsoft.Resources.ResourceWriteSuccess', armWrite(uri, op), { subject: uri }));
    expect(r).toEqual({ ok: false, rejection: expect.objectContaining({ reason: 'not-a-cluster', eventId: 'evt-1' }) });
  });
});

describe('parseClusterEvent: Resource Notifications CreatedOrUpdated', () => {
  it.each([['Event Grid', eg], ['CloudEvents', ce]] as const)('names the cluster from data.resourceInfo.id (%s)', (_n, make) => {
    const r = parseClusterEvent(make('Microsoft.ResourceNotifications.Resources.CreatedOrUpdated', rnData(AKS), { topic: `/subscriptions/${SUB}`, source: `/subscriptions/${SUB}` }));
    expect(r.ok && r.event.clusterId).toBe(AKS);
    expect(r.ok && r.event.informational).toBe(false);
  });
  it('rejects a child resource as not-a-cluster', () => {
    const r = parseClusterEvent(eg('Microsoft.ResourceNotifications.Resources.CreatedOrUpdated', rnData(`${AKS}/agentPools/np1`)));
    expect(!r.ok && r.rejection.reason).toBe('not-a-cluster');
  });
});

describe('parseClusterEvent: rejections', () => {
  it.each<[string, string, unknown]>([
    ['not an object', 'malformed', 'hello'],
    ['null', 'malformed', null],
    ['Event Grid without id', 'malformed', { ...eg('Microsoft.ContainerService.NodePoolRollingSucceeded', { nodePoolName: 'a' }), id: undefined }],
    ['CloudEvent without source', 'malformed', { ...ce('Microsoft.ContainerService.NodePoolRollingSucceeded', { nodePoolName: 'a' }), source: undefined }],
    ['CloudEvent with spec 0.3', 'malformed', ce('Microsoft.ContainerService.NodePoolRollingSucceeded', { nodePoolName: 'a' }, { specversion: '0.3' })],
    ['version event without versions', 'malformed', eg('Microsoft.ContainerService.NewKubernetesVersionAvailable', {})],
    ['support event with a number version', 'malformed', eg('Microsoft.ContainerService.ClusterSupportEnding', { kubernetesVersion: 127 })],
    ['RN without resourceInfo', 'malformed', eg('Microsoft.ResourceNotifications.Resources.CreatedOrUpdated', { resourceDetails: { id: AKS } })],
    ['AKS event without topic', 'malformed', { ...eg('Microsoft.ContainerService.NodePoolRollingSucceeded', { nodePoolName: 'a' }), topic: undefined }],
    ['NodePoolRollingStarted', 'unsupported-type', eg('Microsoft.ContainerService.NodePoolRollingStarted', { nodePoolName: 'a' })],
    ['subscription validation', 'unsupported-type', eg('Microsoft.EventGrid.SubscriptionValidationEvent', { validationCode: 'x' })],
    ['topic that is not a cluster', 'not-a-cluster', eg('Microsoft.ContainerService.NodePoolRollingSucceeded', { nodePoolName: 'a' }, { topic: `/subscriptions/${SUB}/resourceGroups/rg-a` })],
  ])('%s → %s', (_name, reason, raw) => {
    const r = parseClusterEvent(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.rejection.reason).toBe(reason);
      expect(r.rejection.detail.length).toBeGreaterThan(0);
    }
  });
  it('a malformed data field is named by its path', () => {
    const r = parseClusterEvent(eg('Microsoft.ContainerService.ClusterSupportEnding', { kubernetesVersion: 127 }));
    expect(!r.ok && r.rejection.detail).toContain('$.data.kubernetesVersion');
  });
});

describe('isClusterId / subscriptionOf', () => {
  it('accepts the three cluster types, case-insensitively, and nothing below them', () => {
    expect(isClusterId(AKS.toLowerCase())).toBe(true);
    expect(isClusterId(ARC)).toBe(true);
    expect(isClusterId(`/subscriptions/${SUB}/resourceGroups/r/providers/Microsoft.HybridContainerService/provisionedClusters/p`)).toBe(true);
    expect(isClusterId(`${AKS}/agentPools/a`)).toBe(false);
  });
  it('reads the subscription lower-cased', () => {
    expect(subscriptionOf(AKS.toUpperCase())).toBe(SUB);
    expect(subscriptionOf('nonsense')).toBeUndefined();
  });
});
