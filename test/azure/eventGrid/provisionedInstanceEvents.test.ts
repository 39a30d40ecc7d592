/**
 * Issue 20 item 8: an AKS on Azure Local upgrade writes `Microsoft.HybridContainerService/provisionedClusterInstances`
 * (the instance `default` under its connected cluster); the event is mapped to that connected cluster. The instance id
 * is the spec example's (GetProvisionedClusterInstance.json, hybridaks 2024-01-01).
 */
import { clusterOfResource, parseClusterEvent } from '../../../src/azure/eventGrid/clusterEvents';
import { specExample } from '../../../simulator/specExamples';

const INSTANCE: string = specExample('hybridaks-2024-01-01/GetProvisionedClusterInstance.json').id;
const CONNECTED = '/subscriptions/fd3c3665-1729-4b7b-9a38-238e83b0f98b/resourceGroups/testrg/providers/Microsoft.Kubernetes/connectedClusters/test-hybridakscluster';

const write = (resourceUri: string, operationName: string) => ({
  id: 'evt-1',
  topic: '/subscriptions/fd3c3665-1729-4b7b-9a38-238e83b0f98b',
  subject: resourceUri,
  eventType: 'Microsoft.Resources.ResourceWriteSuccess',
  eventTime: '2026-01-01T00:00:00Z',
  data: { resourceUri, operationName, status: 'Succeeded' },
  dataVersion: '2',
  metadataVersion: '1',
});

describe('provisioned cluster instance writes', () => {
  it('the spec example instance id maps to its connected cluster', () => {
    expect(clusterOfResource(INSTANCE)).toBe(CONNECTED);
  });

  it('ResourceWriteSuccess of provisionedClusterInstances/write is an event about the connected cluster (not informational)', () => {
    const r = parseClusterEvent(write(INSTANCE, 'Microsoft.HybridContainerService/provisionedClusterInstances/write'));
    expect(r).toMatchObject({ ok: true, event: { clusterId: CONNECTED, informational: false, eventType: 'Microsoft.Resources.ResourceWriteSuccess' } });
  });

  it('the operation name compares case-insensitively, as ARM operation names do', () => {
    expect(parseClusterEvent(write(INSTANCE, 'microsoft.hybridcontainerservice/provisionedclusterinstances/write')).ok).toBe(true);
  });

  it('other HybridContainerService writes (agent pools) are still not cluster writes', () => {
    const r = parseClusterEvent(write(`${INSTANCE}/agentPools/nodepool1`, 'Microsoft.HybridContainerService/provisionedClusterInstances/agentPools/write'));
    expect(r).toMatchObject({ ok: false, rejection: { reason: 'not-a-cluster' } });
  });

  it('ids that are not an instance under a connected cluster are left as they are', () => {
    expect(clusterOfResource(CONNECTED)).toBe(CONNECTED);
    expect(clusterOfResource('/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/a')).toBe('/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/a');
  });
});
