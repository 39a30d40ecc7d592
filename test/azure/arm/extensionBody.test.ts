import { extensionFromProperties, isManagedExtension, pinBody } from '../../../src/azure/arm/extensionBody';
import { specExample, specParameters } from '../../../simulator/specExamples';

/** Parses a 2025-03-01 GET example the way the adapters do (properties + top-level managedBy). */
function parseExample(file: string) {
  const body = specExample(`2025-03-01/${file}`);
  const parsed = extensionFromProperties(body.name, body.properties, ['properties'], body.managedBy);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.value;
}

describe('extension bodies at api-version 2025-03-01 (the spec examples)', () => {
  it('GetExtensionWithManagedBy: managedBy, managementDetails and autoUpgradeMode are read; the extension is managed', () => {
    const ext = parseExample('GetExtensionWithManagedBy.json');
    expect(ext).toMatchObject({
      name: 'azureVote',
      version: '0.1.4',
      autoUpgradeMinorVersion: false,
      autoUpgradeMode: 'compatible',
      managedBy: '/subscriptions/subId1/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/clusterName1',
    });
    expect(ext.managementDetails?.accessDetails?.map((a) => [a.entity, a.allowedActions])).toEqual([
      ['Microsoft.ContainerService', ['Read', 'Write']],
      ['Users', ['Read']],
    ]);
    expect(isManagedExtension(ext)).toBe(true);
  });

  it('GetExtensionWithManagementDetails: no managedBy, but Users may only Read, so it is managed', () => {
    const ext = parseExample('GetExtensionWithManagementDetails.json');
    expect(ext.managedBy).toBeUndefined();
    expect(ext.isSystemExtension).toBe(false);
    expect(isManagedExtension(ext)).toBe(true);
  });

  it('GetExtensionWithExtensionState: autoUpgradeMode none, not managed', () => {
    const ext = parseExample('GetExtensionWithExtensionState.json');
    expect(ext.autoUpgradeMode).toBe('none');
    expect(isManagedExtension(ext)).toBe(false);
  });

  it('GetExtension (no autoUpgradeMode in the body): the mode is left unreported, not defaulted', () => {
    const ext = parseExample('GetExtension.json');
    expect('autoUpgradeMode' in ext).toBe(false);
    expect(isManagedExtension(ext)).toBe(false);
  });

  it.each([
    ['Users with Write', [{ entity: 'users', allowedActions: ['read', 'WRITE'] }], false],
    ['Users without Write, any case', [{ entity: 'USERS', allowedActions: ['READ'] }], true],
    ['Users with no actions listed', [{ entity: 'Users' }], true],
    ['only another entity', [{ entity: 'Microsoft.ContainerService', allowedActions: ['Read'] }], false],
  ])('managementDetails: %s', (_name, accessDetails, managed) => {
    expect(isManagedExtension({ managementDetails: { accessDetails } })).toBe(managed);
  });

  it('an empty managedBy does not make an extension managed', () => {
    expect(isManagedExtension({ managedBy: '  ' })).toBe(false);
  });

  it('Resource Graph spelling (PascalCase, nested too) reads the same', () => {
    const r = extensionFromProperties('x', {
      ExtensionType: 'microsoft.flux',
      ProvisioningState: 'Succeeded',
      currentVersion: '1.2.3',
      AutoUpgradeMode: 'None',
      ManagementDetails: { Category: 'managed', AccessDetails: [{ Entity: 'Users', AllowedActions: ['Read'] }] },
    });
    expect(r.ok && r.value).toMatchObject({ autoUpgradeMode: 'none', managementDetails: { category: 'managed', accessDetails: [{ entity: 'Users', allowedActions: ['Read'] }] } });
    expect(r.ok && isManagedExtension(r.value)).toBe(true);
  });

  it('an autoUpgradeMode this version does not know is read as compatible (the platform may move it)', () => {
    const r = extensionFromProperties('x', { extensionType: 't', provisioningState: 'Succeeded', autoUpgradeMode: 'latest' });
    expect(r.ok && r.value.autoUpgradeMode).toBe('compatible');
  });

  it('the PATCH body uses only property names of the spec PATCH body (PatchExtension.json; `version` from its schema) and a mode of the enum', () => {
    const specBody = specParameters('2025-03-01/PatchExtension.json').patchExtension.properties as Record<string, unknown>;
    const allowed = new Set([...Object.keys(specBody), 'version']);
    const body = pinBody('1.2.3');
    expect(Object.keys(body)).toEqual(['properties']);
    for (const k of Object.keys(body.properties)) expect(allowed).toContain(k);
    expect(body.properties).toEqual({ version: '1.2.3', autoUpgradeMinorVersion: false, autoUpgradeMode: 'none' });
  });
});
