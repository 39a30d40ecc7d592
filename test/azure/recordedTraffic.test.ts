/**
 * Issue 20 item 10: real ARM responses recorded by the Azure CLI's tests (simulator/fixtures/recordings, source path and
 * commit in its README), each fed through the adapter that reads its shape. Nothing throws; every field the app uses is
 * found, or reported missing by name (the expected lists below are read off the recordings themselves).
 */
import fs from 'node:fs';
import path from 'node:path';
import { clusterFromBody } from '../../src/azure/arm/armClusterReader';
import { extensionFromProperties } from '../../src/azure/arm/extensionBody';
import { readVersionsPage } from '../../src/azure/arm/extensionTypeCatalog';

interface Recorded { request: string; status: number; shape: string; body: Record<string, unknown> }
const DIR = path.join(__dirname, '..', '..', 'simulator', 'fixtures', 'recordings');
const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.json'));
const recorded = files.flatMap((file) => {
  const doc = JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as { source: string; commit: string; responses: Recorded[] };
  return doc.responses.map((r, i) => ({ file, i, source: doc.source, commit: doc.commit, ...r }));
});

/** The extension properties the app reads (extensionBody.ts), any key case. */
const EXTENSION_FIELDS = ['extensionType', 'version', 'currentVersion', 'autoUpgradeMinorVersion', 'autoUpgradeMode', 'releaseTrain', 'provisioningState', 'isSystemExtension', 'managementDetails'];
/** The cluster properties the app reads (armClusterReader.ts). */
const CLUSTER_FIELDS = ['currentKubernetesVersion', 'kubernetesVersion', 'distribution', 'connectivityStatus', 'powerState'];

/** The fields of `fields` that `obj` lacks or carries as null, by name (key case ignored). */
function missing(obj: Record<string, unknown> | undefined, fields: string[]): string[] {
  const present = new Map(Object.entries(obj ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return fields.filter((f) => present.get(f.toLowerCase()) === undefined || present.get(f.toLowerCase()) === null);
}

describe('recorded ARM traffic (Azure/azure-cli-extensions)', () => {
  it('every recording names its source and commit, and the README lists each file', () => {
    const readme = fs.readFileSync(path.join(DIR, 'README.md'), 'utf8');
    for (const r of recorded) {
      expect(r.source).toMatch(/^Azure\/azure-cli-extensions src\/(k8s-extension|connectedk8s)\/.*\/recordings\/.*\.yaml$/);
      expect(r.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(readme).toContain(r.file);
      expect(readme).toContain(r.commit);
    }
    expect(recorded.length).toBeGreaterThanOrEqual(8);
  });

  const extensions = recorded.flatMap((r) => (r.shape === 'extension' ? [{ r, item: r.body }] : r.shape === 'extensionList' ? (r.body.value as Record<string, unknown>[]).map((item) => ({ r, item })) : []));
  it.each(extensions.map(({ r, item }) => [`${r.file}#${r.i} ${r.request.split('?')[0]!.split('/').slice(-1)[0]}`, r, item] as const))('extension body %s reads; missing fields named', (_name, r, item) => {
    const props = item.properties as Record<string, unknown>;
    const parsed = extensionFromProperties(String(item.name), props, ['properties'], item.managedBy);
    expect(parsed).toMatchObject({ ok: true });
    if (!parsed.ok) return;
    // read off the recording: api-version 2023-05-01 predates autoUpgradeMode and managementDetails; the PUT answers before install
    const expectedMissing = props.currentVersion === null ? ['currentVersion', 'autoUpgradeMode', 'managementDetails'] : ['autoUpgradeMode', 'managementDetails'];
    expect(missing(props, EXTENSION_FIELDS)).toEqual(expectedMissing);
    // a missing installed version falls back to the pin; a missing mode stays unreported
    expect(parsed.value).toMatchObject({ name: 'dapr', extensionType: 'microsoft.dapr', version: '1.6.0', autoUpgradeMinorVersion: false, releaseTrain: 'stable', provisioningState: 'Creating', isSystemExtension: false });
    expect(parsed.value).not.toHaveProperty('autoUpgradeMode');
    expect(r.status === 200 || r.status === 201).toBe(true);
  });

  it('an empty extension list reads as no extensions', () => {
    const empty = recorded.filter((r) => r.shape === 'extensionList' && (r.body.value as unknown[]).length === 0);
    expect(empty).toHaveLength(1);
  });

  it('extension type versions (2023-05-01-preview, every limit null) read as versions with no restriction', () => {
    const pages = recorded.filter((r) => r.shape === 'extensionTypeVersions');
    expect(pages).toHaveLength(1);
    for (const clusterType of ['connectedCluster', 'managedCluster', 'provisionedCluster'] as const) {
      const page = readVersionsPage(pages[0]!.body, clusterType, pages[0]!.request);
      expect([...page.versions.keys()]).toEqual(['1.5.0', '1.4.0', '1.3.0', '1.2.0', '1.1.0']);
      for (const limits of page.versions.values()) expect(limits).toEqual({ own: [], provisioned: [] });
      expect(page.nextLink).toBeUndefined();
    }
  });

  it('a managed cluster body (2022-04-01) reads its version and power state; the Arc-only fields are named missing', () => {
    const clusters = recorded.filter((r) => r.shape === 'cluster');
    expect(clusters).toHaveLength(1);
    const body = clusters[0]!.body;
    const cluster = clusterFromBody(String(body.id), body);
    expect(cluster).toMatchObject({ kubernetesVersion: '1.23.12', powerState: 'Running', location: 'eastus2euap', tags: {}, extensions: [] });
    expect(missing(body.properties as Record<string, unknown>, CLUSTER_FIELDS)).toEqual(['distribution', 'connectivityStatus']);
    expect(cluster).not.toHaveProperty('kind');
  });

  it('the bodies the app never reads are exactly the ones labelled so', () => {
    const unread = recorded.filter((r) => !['extension', 'extensionList', 'extensionTypeVersions', 'cluster'].includes(r.shape));
    expect(unread.map((r) => r.shape)).toEqual(['extensionTypeVersion (not read by the app: it lists versions)', 'extensionType (not read by the app: it reads versions only)']);
    // the real casing of supportedClusterTypes, kept as recorded
    expect(JSON.stringify(unread[1]!.body)).toContain('"Connectedclusters"');
  });
});
