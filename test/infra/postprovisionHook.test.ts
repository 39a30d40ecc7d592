/** infra/hooks/postprovision.sh with a recording `az` on PATH: the feature registration per target subscription (issue 20 item 7). */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const HOOK = join(__dirname, '..', '..', 'infra', 'hooks', 'postprovision.sh');

function run(env: Record<string, string>): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'hook-'));
  const log = join(dir, 'az.log');
  writeFileSync(join(dir, 'az'), `#!/bin/sh\necho "$*" >> "${log}"\n`);
  chmodSync(join(dir, 'az'), 0o755);
  writeFileSync(log, '');
  execFileSync('sh', [HOOK], { env: { PATH: `${dir}:/usr/bin:/bin`, AZURE_ENV_NAME: 'dev', AZURE_LOCATION: 'westeurope', ...env }, stdio: 'pipe' });
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

describe('postprovision hook', () => {
  it('registers the ExtensionTypes feature (and re-registers the provider) in each target subscription', () => {
    const calls = run({ RECONCILER_TARGET_SUBSCRIPTIONS: 'sub-a, sub-b' });
    expect(calls).toEqual([
      'feature registration create --namespace Microsoft.KubernetesConfiguration --name ExtensionTypes --subscription sub-a --output none',
      'provider register --namespace Microsoft.KubernetesConfiguration --subscription sub-a --output none',
      'feature registration create --namespace Microsoft.KubernetesConfiguration --name ExtensionTypes --subscription sub-b --output none',
      'provider register --namespace Microsoft.KubernetesConfiguration --subscription sub-b --output none',
    ]);
  });

  it('still grants each management group after the subscriptions', () => {
    const calls = run({ RECONCILER_TARGET_SUBSCRIPTIONS: 'sub-a', RECONCILER_SCOPE_MANAGEMENT_GROUPS: 'mg-1', RECONCILER_IDENTITY_PRINCIPAL_ID: 'pid' });
    expect(calls).toHaveLength(3);
    expect(calls[2]).toMatch(/^deployment mg create --name reconciler-dev --management-group-id mg-1 .*principalId=pid/);
  });

  it('does nothing without subscriptions or groups', () => {
    expect(run({})).toEqual([]);
  });
});
