/**
 * "A typo must not loosen a safety rule" (issue 22), one case per policy field that narrows what moves: each typo that
 * would silently widen the plan is a user error naming the file and the JSON path, through the CLI (exit 2, one line).
 * Semver reads an empty or blank range, `*`, `x`, `X` and a range with an empty `||` alternative as "any version".
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cliHarness';

const dir = mkdtempSync(join(tmpdir(), 'policy-typos-'));
const example = JSON.parse(readFileSync('examples/policy.json', 'utf8')) as Record<string, unknown>;
const FILES = ['--snapshot', 'examples/snapshot.json', '--catalog', 'examples/catalog.json', '--now', '2024-06-01T00:00:00Z'];
const AKS = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-prod';
const constraint = (range: string) => ({ constraints: [{ extensionType: 'microsoft.flux', range }] });

async function planWith(policy: unknown, name: string): Promise<{ code: number; stderr: string; file: string }> {
  const file = join(dir, `${name.replace(/\W+/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(policy));
  const r = await runCli(['plan', ...FILES, '--policy', file]);
  return { code: r.code, stderr: r.stderr, file };
}

describe('a typo must not loosen a safety rule: each is exit 2 naming the file and the JSON path', () => {
  it.each<[string, unknown, string, RegExp]>([
    ['constraints[].range empty', constraint(''), '$.constraints[0].range', /matches every version/],
    ['constraints[].range blank', constraint('   '), '$.constraints[0].range', /matches every version/],
    ['constraints[].range "*"', constraint('*'), '$.constraints[0].range', /matches every version/],
    ['constraints[].range "x"', constraint('x'), '$.constraints[0].range', /matches every version/],
    ['constraints[].range "X"', constraint('X'), '$.constraints[0].range', /matches every version/],
    ['constraints[].range with an empty alternative', constraint('>=1.0.0 || '), '$.constraints[0].range', /matches every version/],
    ['constraints[].range "x || <2.0.0"', constraint('x || <2.0.0'), '$.constraints[0].range', /matches every version/],
    ['constraints[].range ">=0.0.0"', constraint('>=0.0.0'), '$.constraints[0].range', /matches every version/],
    ['constraints[].range not semver', constraint('<two'), '$.constraints[0].range', /not a valid semver range/],
    ['constraints[].extensionType padded', { constraints: [{ extensionType: ' microsoft.flux', range: '<2.0.0' }] }, '$.constraints[0].extensionType', /spaces around it/],
    ['constraints[].extensionType blank', { constraints: [{ extensionType: '', range: '<2.0.0' }] }, '$.constraints[0].extensionType', /give the extension type/],
    ['holds[].extensionType padded', { holds: [{ extensionType: 'microsoft.dapr ' }] }, '$.holds[0].extensionType', /spaces around it/],
    ['holds[].clusterIds not a cluster id', { holds: [{ extensionType: '*', clusterIds: ['aks-prod'] }] }, '$.holds[0].clusterIds[0]', /not the ARM id of a managed, connected or provisioned cluster/],
    ['holds[].clusterIds padded', { holds: [{ extensionType: '*', clusterIds: [` ${AKS}`] }] }, '$.holds[0].clusterIds[0]', /not the ARM id/],
    ['holds[].clusterIds a resource group', { holds: [{ extensionType: '*', clusterIds: ['/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg'] }] }, '$.holds[0].clusterIds[0]', /not the ARM id/],
    ['holds[] an unknown field (clusterTag)', { holds: [{ extensionType: '*', clusterTag: { ring: 'prod' } }] }, '$.holds[0]', /clusterTag/],
    ['extensionTypes[] padded', { extensionTypes: ['microsoft.flux '] }, '$.extensionTypes[0]', /spaces around it/],
    ['rollout.freezes[].clusterIds not a cluster id', { rollout: { freezes: [{ from: '2024-05-01T00:00Z', to: '2024-07-01T00:00Z', reason: 'x', clusterIds: ['prod'] }] } }, '$.rollout.freezes[0].clusterIds[0]', /not the ARM id/],
    ['rollout.freezes[].from not a date-time', { rollout: { freezes: [{ from: '2024-13-01', to: '2024-07-01T00:00Z', reason: 'x' }] } }, '$.rollout.freezes[0].from', /ISO-8601/],
    ['rollout.ringTag padded', { rollout: { ringTag: 'ring ' } }, '$.rollout.ringTag', /spaces around it/],
    ['rollout.rings[].name padded (its clusters would fall to the default ring)', { rollout: { rings: [{ name: 'prod ', requireApproval: true }] } }, '$.rollout.rings[0].name', /spaces around it/],
    ['rollout.rings[].requireApproval as a string', { rollout: { rings: [{ name: 'prod', requireApproval: 'true' }] } }, '$.rollout.rings[0].requireApproval', /expected boolean/],
    ['rollout.rings[].maxFailureRatio above 1', { rollout: { rings: [{ name: 'prod', maxFailureRatio: 5 }] } }, '$.rollout.rings[0].maxFailureRatio', /.+/],
    ['allowMajor as a string', { allowMajor: 'false' }, '$.allowMajor', /expected boolean/],
    ['minReleaseAgeDays negative', { minReleaseAgeDays: -1 }, '$.minReleaseAgeDays', /.+/],
    ['an unknown top-level field (constraint)', { constraint: [{ extensionType: 'microsoft.flux', range: '<2.0.0' }] }, '$', /constraint/],
  ])('%s', async (name, policy, path, problem) => {
    const r = await planWith(policy, name);
    expect(r.code).toBe(2);
    expect(r.stderr.startsWith(`error: ${r.file}: ${path}`)).toBe(true);
    expect(r.stderr).toMatch(problem);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('the example policy and narrow ranges still pass', async () => {
    expect((await planWith(example, 'example')).code).toBe(0);
    for (const range of ['<2.0.0', '1.x', '~1.2', '>=1.0.0 <2.0.0 || 3.x']) expect((await planWith(constraint(range), `ok-${range}`)).code).toBe(0);
  });
});
