/**
 * Cluster ARM ids (the grammar `/subscriptions/{s}/resourceGroups/{rg}/providers/{rp}/{type}/{name}`, case-insensitive,
 * for the three cluster resource types of DESIGN: AKS managed clusters, Arc connected clusters, AKS on Azure Local
 * provisioned clusters). Expected values come from that grammar and the messages a user reads.
 */
import { CLUSTER_RESOURCE_TYPES, clusterTypeOf, isClusterId, parseClusterId, subscriptionOf } from '../../src/domain/armId';
import { thrownInputError as thrown } from '../support/thrownInputError';

const SUB = '00000000-0000-0000-0000-000000000001';
const AKS = `/subscriptions/${SUB}/resourceGroups/rg-1/providers/Microsoft.ContainerService/managedClusters/aks-1`;
const ARC = `/subscriptions/${SUB}/resourceGroups/rg-1/providers/Microsoft.Kubernetes/connectedClusters/arc-1`;
const HCI = `/subscriptions/${SUB}/resourceGroups/rg-1/providers/Microsoft.HybridContainerService/provisionedClusters/hci-1`;
const SHAPE = '/subscriptions/{s}/resourceGroups/{rg}/providers/{rp}/{type}/{name}';
const NOT_A_TYPE = (type: string) => `"${type}" is not a cluster type (managedClusters, connectedClusters or provisionedClusters)`;


describe('the cluster resource types', () => {
  it('are the three DESIGN names, keyed provider/type in lower case', () => {
    expect(CLUSTER_RESOURCE_TYPES).toEqual({
      'microsoft.containerservice/managedclusters': 'managedCluster',
      'microsoft.kubernetes/connectedclusters': 'connectedCluster',
      'microsoft.hybridcontainerservice/provisionedclusters': 'provisionedCluster',
    });
  });
});

describe('parseClusterId: the parts of a cluster id', () => {
  it.each([
    [AKS, { clusterRp: 'Microsoft.ContainerService', clusterResourceName: 'managedClusters', clusterName: 'aks-1', clusterType: 'managedCluster' }],
    [ARC, { clusterRp: 'Microsoft.Kubernetes', clusterResourceName: 'connectedClusters', clusterName: 'arc-1', clusterType: 'connectedCluster' }],
    [HCI, { clusterRp: 'Microsoft.HybridContainerService', clusterResourceName: 'provisionedClusters', clusterName: 'hci-1', clusterType: 'provisionedCluster' }],
  ])('%s', (id, parts) => {
    expect(parseClusterId(id)).toStrictEqual({ subscriptionId: SUB, resourceGroup: 'rg-1', ...parts });
  });

  it('matches keywords and the resource type in any case, keeping every part as spelled', () => {
    expect(parseClusterId('/SUBSCRIPTIONS/Sub/RESOURCEGROUPS/My.RG/PROVIDERS/microsoft.kubernetes/CONNECTEDCLUSTERS/Arc')).toStrictEqual({
      subscriptionId: 'Sub', resourceGroup: 'My.RG', clusterRp: 'microsoft.kubernetes', clusterResourceName: 'CONNECTEDCLUSTERS', clusterName: 'Arc', clusterType: 'connectedCluster',
    });
  });

  it('takes surrounding whitespace and one trailing slash off', () => {
    expect(parseClusterId(`  ${AKS}/ \n`).clusterName).toBe('aks-1');
  });

  it('refuses two trailing slashes (only one is allowed)', () => {
    expect(thrown(() => parseClusterId(`${AKS}//`)).problem).toBe(`"${AKS}/" is not an ARM cluster id (${SHAPE})`);
  });

  it('names the input, the whole-input path and the expected shape', () => {
    const e = thrown(() => parseClusterId('aks-1', 'settings.clusterId'));
    expect([e.input, e.path, e.problem]).toEqual(['settings.clusterId', '$', `"aks-1" is not an ARM cluster id (${SHAPE})`]);
    expect(e.message).toBe(`settings.clusterId: $: "aks-1" is not an ARM cluster id (${SHAPE})`);
  });

  it('calls its input "cluster id" unless told otherwise', () => {
    expect(thrown(() => parseClusterId('x')).message).toBe(`cluster id: $: "x" is not an ARM cluster id (${SHAPE})`);
  });

  it('quotes the id as read after trimming', () => {
    expect(thrown(() => parseClusterId('  nope/ ')).problem).toBe(`"nope" is not an ARM cluster id (${SHAPE})`);
  });

  it.each([
    ['a child resource', `${AKS}/providers/Microsoft.KubernetesConfiguration/extensions/flux`],
    ['a resource group', `/subscriptions/${SUB}/resourceGroups/rg-1`],
    ['no leading slash', AKS.slice(1)],
    ['text before the id', `x${AKS}`],
    ['text after the id', `${AKS}/x`],
    ['an empty resource group', `/subscriptions/${SUB}/resourceGroups//providers/Microsoft.ContainerService/managedClusters/a`],
    ['a misspelt keyword', `/subscription/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/a`],
    ['a misspelt providers', `/subscriptions/${SUB}/resourceGroups/rg/provider/Microsoft.ContainerService/managedClusters/a`],
    ['a "." segment', `/subscriptions/${SUB}/resourceGroups/./providers/Microsoft.ContainerService/managedClusters/a`],
    ['a ".." segment', `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/..`],
    ['a ".." subscription', `/subscriptions/../resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/a`],
    ['a backslash', `/subscriptions/${SUB}/resourceGroups/rg\\x/providers/Microsoft.ContainerService/managedClusters/a`],
    ['a query', `${AKS}?api-version=2024-01-01`],
    ['a fragment', `${AKS}#x`],
    ['a percent escape', `/subscriptions/${SUB}/resourceGroups/rg%2F..%2Fx/providers/Microsoft.ContainerService/managedClusters/a`],
    ['a space', `/subscriptions/${SUB}/resourceGroups/rg x/providers/Microsoft.ContainerService/managedClusters/a`],
    ['a tab', `/subscriptions/${SUB}/resourceGroups/rg\tx/providers/Microsoft.ContainerService/managedClusters/a`],
    ['a NUL', `/subscriptions/${SUB}/resourceGroups/rg\u0000x/providers/Microsoft.ContainerService/managedClusters/a`],
    ['a control character', `/subscriptions/${SUB}/resourceGroups/rg\u001fx/providers/Microsoft.ContainerService/managedClusters/a`],
    ['a DEL', `/subscriptions/${SUB}/resourceGroups/rg\u007fx/providers/Microsoft.ContainerService/managedClusters/a`],
  ])('is not a cluster id: %s', (_what, id) => {
    expect(thrown(() => parseClusterId(id)).problem).toBe(`"${id.trim()}" is not an ARM cluster id (${SHAPE})`);
  });

  it('accepts dots inside a segment (only "." and ".." alone are refused)', () => {
    expect(parseClusterId(`/subscriptions/${SUB}/resourceGroups/..rg./providers/Microsoft.ContainerService/managedClusters/a.b`)).toMatchObject({ resourceGroup: '..rg.', clusterName: 'a.b' });
  });

  it.each([
    ['Microsoft.Web/sites', `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Web/sites/x`],
    ['Microsoft.Kubernetes/managedClusters', `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Kubernetes/managedClusters/x`],
    ['Microsoft.ContainerService/connectedClusters', `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/connectedClusters/x`],
  ])('names a provider/type that is no cluster type: %s', (type, id) => {
    const e = thrown(() => parseClusterId(id, 'event e-1'));
    expect([e.input, e.path, e.problem]).toEqual(['event e-1', '$', NOT_A_TYPE(type)]);
  });
});

describe('isClusterId', () => {
  it.each([AKS, ARC, HCI, `${AKS}/`, `${AKS}///`, AKS.toUpperCase()])('%s is a cluster id', (id) => {
    expect(isClusterId(id)).toBe(true);
  });
  it.each([
    '',
    '/',
    'aks-1',
    ` ${AKS}`,
    `${AKS}/extensions/flux`,
    `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Web/sites/x`,
    `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/..`,
    `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/a%2F`,
  ])('%j is not', (id) => {
    expect(isClusterId(id)).toBe(false);
  });
});

describe('subscriptionOf', () => {
  it.each([
    [AKS, SUB],
    ['/SUBSCRIPTIONS/ABC-Def/resourceGroups/rg', 'abc-def'],
    ['/subscriptions/s/', 's'],
    ['/subscriptions/s', undefined],
    ['/subscriptions//resourceGroups/rg', undefined],
    ['subscriptions/s/resourceGroups/rg', undefined],
    ['x/subscriptions/s/resourceGroups/rg', undefined],
    ['/providers/Microsoft.Management/managementGroups/m', undefined],
    ['', undefined],
  ])('%j → %j', (id, subscription) => {
    expect(subscriptionOf(id)).toBe(subscription);
  });
});

describe('clusterTypeOf: the type named by the id\'s last resource type', () => {
  it.each([
    [AKS, 'managedCluster'],
    [ARC, 'connectedCluster'],
    [HCI, 'provisionedCluster'],
    [`${ARC}/`, 'connectedCluster'],
    ['/subscriptions/s/resourceGroups/rg/providers/Microsoft.Kubernetes/PROVISIONEDCLUSTERS/p', 'provisionedCluster'],
    ['managedClusters/a', 'managedCluster'],
    ['managedClusters', null],
    ['a/managedClusters', null],
    [`${AKS}/providers/Microsoft.KubernetesConfiguration/extensions/flux`, null],
    ['/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/x', null],
    ['', null],
  ])('%j → %j', (id, type) => {
    expect(clusterTypeOf(id)).toBe(type);
  });
});
