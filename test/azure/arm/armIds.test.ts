import { parseClusterId } from '../../../src/domain/armId';
import { extensionsPath } from '../../../src/azure/arm/armIds';
import { isInputError } from '../../../src/domain/inputError';

describe('parseClusterId', () => {
  it.each([
    ['/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks', 'managedCluster', 'Microsoft.ContainerService', 'managedClusters'],
    ['/SUBSCRIPTIONS/s/resourcegroups/rg/providers/microsoft.kubernetes/CONNECTEDCLUSTERS/arc', 'connectedCluster', 'microsoft.kubernetes', 'CONNECTEDCLUSTERS'],
    ['/subscriptions/s/resourceGroups/rg/providers/Microsoft.HybridContainerService/provisionedClusters/p', 'provisionedCluster', 'Microsoft.HybridContainerService', 'provisionedClusters'],
  ])('splits %s', (id, clusterType, clusterRp, clusterResourceName) => {
    expect(parseClusterId(id)).toMatchObject({ subscriptionId: 's', resourceGroup: 'rg', clusterRp, clusterResourceName, clusterType });
  });

  it.each([['aks-1'], ['/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/x'], ['/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks/extra']])(
    'refuses %s with an InputError naming it',
    (id) => {
      let caught: unknown;
      try {
        parseClusterId(id);
      } catch (e) {
        caught = e;
      }
      expect(isInputError(caught)).toBe(true);
    },
  );

  it('builds the extensions path', () => {
    expect(extensionsPath('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/arc')).toBe(
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/arc/providers/Microsoft.KubernetesConfiguration/extensions',
    );
  });
});
