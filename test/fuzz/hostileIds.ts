/** Generators of in-scope cluster ids and of forged / hostile ids for the fuzz and security tests. */
import fc from 'fast-check';

/** The one subscription the fuzzed scope lists. */
export const IN_SCOPE_SUB = '11111111-2222-3333-4444-555555555555';
const OTHER_SUB = '99999999-2222-3333-4444-555555555555';

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/);
const provider = fc.constantFrom('Microsoft.ContainerService/managedClusters', 'Microsoft.Kubernetes/connectedClusters', 'microsoft.hybridcontainerservice/PROVISIONEDCLUSTERS');

/** A plain, valid cluster id in the scope's subscription. */
export const inScopeClusterId: fc.Arbitrary<string> = fc
  .tuple(name, provider, name)
  .map(([rg, p, n]) => `/subscriptions/${IN_SCOPE_SUB}/resourceGroups/${rg}/providers/${p}/${n}`);

const base = (rg: string, n: string): string => `/subscriptions/${IN_SCOPE_SUB}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${n}`;

/** Ids that are not (in-scope) cluster ids but try to look like one. */
export const forgedClusterId: fc.Arbitrary<string> = fc.oneof(
  // path traversal
  fc.tuple(name, name).map(([rg, n]) => `${base(rg, n)}/../../../../../subscriptions/${OTHER_SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/${n}`),
  fc.tuple(name, name).map(([rg, n]) => `/subscriptions/${IN_SCOPE_SUB}/../${OTHER_SUB}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${n}`),
  fc.tuple(name).map(([n]) => `/subscriptions/${IN_SCOPE_SUB}/resourceGroups/../providers/Microsoft.ContainerService/managedClusters/${n}`),
  fc.tuple(name).map(([rg]) => base(rg, '..')),
  fc.tuple(name).map(([rg]) => base(rg, '.')),
  fc.tuple(name, name).map(([rg, n]) => base(rg, `${n}%2F..%2F..`)),
  fc.tuple(name, name).map(([rg, n]) => base(rg, `${n}\\..\\other`)),
  // extra segments and child resources
  fc.tuple(name, name, fc.constantFrom('agentPools/system', 'providers/Microsoft.KubernetesConfiguration/extensions/flux', 'extra', 'maintenanceConfigurations/default')).map(([rg, n, child]) => `${base(rg, n)}/${child}`),
  fc.tuple(name, name).map(([rg, n]) => `/x${base(rg, n)}`),
  fc.tuple(name, name).map(([rg, n]) => `/subscriptions/${IN_SCOPE_SUB}/resourceGroups/${rg}/extra/providers/Microsoft.ContainerService/managedClusters/${n}`),
  // wrong provider and unicode look-alikes (Cyrillic 'с', 'о', fullwidth slash, dotless i, zero width space)
  fc.tuple(name, name, fc.constantFrom('Microsoft.Contаinerservice/managedClusters', 'Microsoft.ContainerService／managedClusters', 'Mıcrosoft.ContainerService/managedClusters', 'Microsoft.Compute/virtualMachines', 'Microsoft.ContainerService/managed\u200bClusters')).map(
    ([rg, n, p]) => `/subscriptions/${IN_SCOPE_SUB}/resourceGroups/${rg}/providers/${p}/${n}`,
  ),
  fc.tuple(name, name).map(([rg, n]) => `/subscriptions/${IN_SCOPE_SUB}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${n}\u0000`),
  // query string / fragment smuggling
  fc.tuple(name, name, fc.constantFrom('?api-version=2099-01-01', '#frag', '?x=/../../y', '#/../../other', ' ', '\t', '\n')).map(([rg, n, tail]) => base(rg, `${n}${tail}`)),
  fc.tuple(name, name).map(([rg, n]) => base(`${rg}?x=1`, n)),
  // other subscriptions, empty segments, relative and absolute URLs
  fc.tuple(name, name).map(([rg, n]) => base(rg, n).replace(IN_SCOPE_SUB, OTHER_SUB)),
  fc.tuple(name, name).map(([rg, n]) => `https://management.azure.com${base(rg, n)}`),
  fc.tuple(name).map(([n]) => `/subscriptions//resourceGroups//providers/Microsoft.ContainerService/managedClusters/${n}`),
  fc.tuple(name, name).map(([rg, n]) => base(rg, n).slice(1)),
  fc.string({ maxLength: 200 }),
);
