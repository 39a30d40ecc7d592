import { DEFAULT_DISCOVERY_SCHEDULE, loadConfig, SETTINGS } from '../src/config';
import { InputError } from '../src/domain/inputError';
import { defaultPolicy } from '../src/domain/policySchema';

const SUB = '11111111-2222-3333-4444-555555555555';
const BASE = { [SETTINGS.scopeSubscriptions]: SUB, [SETTINGS.tableConnection]: 'UseDevelopmentStorage=true' };
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

/** A readFile over an in-memory map; a missing path throws like fs does. */
function files(map: Record<string, string>): (path: string) => string {
  return (path) => {
    const text = map[path];
    if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
    return text;
  };
}

function errorOf(env: Record<string, string | undefined>, read = files({})): InputError {
  try {
    loadConfig(env, read);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('loadConfig accepted the settings');
}

describe('loadConfig: defaults', () => {
  it('needs only a scope and a table target', () => {
    const c = loadConfig(BASE, files({}));
    expect(c.scope).toEqual({ subscriptions: [SUB], managementGroups: [] });
    expect(c.dryRun).toBe(true);
    expect(c.policy).toEqual(defaultPolicy());
    expect(c.tables).toEqual({ connectionString: 'UseDevelopmentStorage=true' });
    expect(c.lroPollMs).toBe(5000);
    expect(c.discoverySchedule).toBe(DEFAULT_DISCOVERY_SCHEDULE);
    expect(c.discoverySchedule).toBe('0 */30 * * * *');
    expect(c.notificationTopic).toBeUndefined();
    expect(c.arm).toEqual({});
    expect(c.catalogOverlay).toBeUndefined();
  });
});

describe('loadConfig: values', () => {
  it('reads lists, endpoints, files and numbers', () => {
    const env = {
      [SETTINGS.scopeSubscriptions]: ` ${SUB.toUpperCase()} , 22222222-2222-3333-4444-555555555555,`,
      [SETTINGS.scopeManagementGroups]: 'mg-platform,mg_apps',
      [SETTINGS.dryRun]: 'FALSE',
      [SETTINGS.tableEndpoint]: 'https://acct.table.core.windows.net',
      [SETTINGS.tableConnection]: 'UseDevelopmentStorage=true',
      [SETTINGS.notificationTopic]: 'https://topic.westeurope-1.eventgrid.azure.net/api/events',
      [SETTINGS.armEndpoint]: 'https://127.0.0.1:8443',
      [SETTINGS.armCaFile]: 'ca.pem',
      [SETTINGS.lroPollMs]: '20',
      [SETTINGS.discoverySchedule]: '0 */5 * * * *',
      [SETTINGS.catalogFile]: 'catalog.json',
    };
    const catalog = { extensionTypes: { 'microsoft.flux': { versions: [{ version: '1.10.1' }, { version: 'nope' }] } } };
    const c = loadConfig(env, files({ 'ca.pem': PEM, 'catalog.json': JSON.stringify(catalog) }));
    expect(c.scope).toEqual({ subscriptions: [SUB, '22222222-2222-3333-4444-555555555555'], managementGroups: ['mg-platform', 'mg_apps'] });
    expect(c.dryRun).toBe(false);
    expect(c.tables).toEqual({ endpoint: 'https://acct.table.core.windows.net' });
    expect(c.notificationTopic).toBe('https://topic.westeurope-1.eventgrid.azure.net/api/events');
    expect(c.arm).toEqual({ endpoint: 'https://127.0.0.1:8443', caFile: 'ca.pem' });
    expect(c.lroPollMs).toBe(20);
    expect(c.discoverySchedule).toBe('0 */5 * * * *');
    expect(c.catalogOverlay?.file).toBe('catalog.json');
    expect(c.catalogOverlay?.catalog.extensionTypes['microsoft.flux']?.versions.map((v) => v.version)).toEqual(['1.10.1']);
    expect(c.catalogOverlay?.warnings).toHaveLength(1);
  });

  it.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['false', false],
    ['False', false],
    ['0', false],
    ['', true],
  ])('dry run %j → %s', (value, expected) => {
    expect(loadConfig({ ...BASE, [SETTINGS.dryRun]: value }, files({})).dryRun).toBe(expected);
  });

  it('management groups alone are a scope', () => {
    expect(loadConfig({ [SETTINGS.scopeManagementGroups]: 'mg1', [SETTINGS.tableConnection]: 'x' }, files({})).scope).toEqual({ subscriptions: [], managementGroups: ['mg1'] });
  });

  it('inline policy wins over the policy file', () => {
    const c = loadConfig({ ...BASE, [SETTINGS.policyJson]: '{"allowMajor": true}', [SETTINGS.policyFile]: 'policy.json' }, files({ 'policy.json': '{"allowMajor": false, "minReleaseAgeDays": 3}' }));
    expect(c.policy.allowMajor).toBe(true);
    expect(c.policy.minReleaseAgeDays).toBe(defaultPolicy().minReleaseAgeDays);
  });

  it('reads the policy file', () => {
    const c = loadConfig({ ...BASE, [SETTINGS.policyFile]: 'policy.json' }, files({ 'policy.json': '{"minReleaseAgeDays": 3}' }));
    expect(c.policy.minReleaseAgeDays).toBe(3);
  });
});

describe('loadConfig: every bad setting is an InputError naming the setting', () => {
  const cases: [string, Record<string, string | undefined>, Record<string, string>, string, RegExp][] = [
    ['no scope', { [SETTINGS.tableConnection]: 'x' }, {}, SETTINGS.scopeSubscriptions, /at least one subscription or management group/],
    ['empty scope lists', { [SETTINGS.scopeSubscriptions]: ' , ', [SETTINGS.scopeManagementGroups]: '', [SETTINGS.tableConnection]: 'x' }, {}, SETTINGS.scopeSubscriptions, /at least one/],
    ['a subscription that is not a GUID', { ...BASE, [SETTINGS.scopeSubscriptions]: `${SUB},my-subscription` }, {}, SETTINGS.scopeSubscriptions, /GUID/],
    ['a bad management group name', { ...BASE, [SETTINGS.scopeManagementGroups]: 'mg/one' }, {}, SETTINGS.scopeManagementGroups, /management group name/],
    ['dry run "yes"', { ...BASE, [SETTINGS.dryRun]: 'yes' }, {}, SETTINGS.dryRun, /true, false, 1 or 0/],
    ['policy that is not JSON', { ...BASE, [SETTINGS.policyJson]: '{allowMajor: true' }, {}, SETTINGS.policyJson, /not valid JSON/],
    ['policy that breaks the schema', { ...BASE, [SETTINGS.policyJson]: '{"allowMajor": "yes"}' }, {}, SETTINGS.policyJson, /./],
    ['policy file missing', { ...BASE, [SETTINGS.policyFile]: 'missing.json' }, {}, SETTINGS.policyFile, /cannot read file "missing.json"/],
    ['policy file not JSON', { ...BASE, [SETTINGS.policyFile]: 'p.json' }, { 'p.json': 'nope' }, SETTINGS.policyFile, /not valid JSON/],
    ['policy file breaking the schema', { ...BASE, [SETTINGS.policyFile]: 'p.json' }, { 'p.json': '{"stepMinors": 3}' }, SETTINGS.policyFile, /^p\.json: /],
    ['catalog file missing', { ...BASE, [SETTINGS.catalogFile]: 'c.json' }, {}, SETTINGS.catalogFile, /cannot read file/],
    ['catalog file not JSON', { ...BASE, [SETTINGS.catalogFile]: 'c.json' }, { 'c.json': '[' }, SETTINGS.catalogFile, /not valid JSON/],
    ['catalog file breaking the schema', { ...BASE, [SETTINGS.catalogFile]: 'c.json' }, { 'c.json': '{"extensionTypes": []}' }, SETTINGS.catalogFile, /^c\.json: /],
    ['no table target', { [SETTINGS.scopeSubscriptions]: SUB }, {}, SETTINGS.tableEndpoint, /AzureWebJobsStorage/],
    ['table endpoint not a URL', { ...BASE, [SETTINGS.tableEndpoint]: 'acct.table.core.windows.net' }, {}, SETTINGS.tableEndpoint, /http\(s\) URL/],
    ['topic not a URL', { ...BASE, [SETTINGS.notificationTopic]: 'my-topic' }, {}, SETTINGS.notificationTopic, /https URL/],
    ['topic over plain http', { ...BASE, [SETTINGS.notificationTopic]: 'http://topic.westeurope-1.eventgrid.azure.net/api/events' }, {}, SETTINGS.notificationTopic, /https URL/],
    ['ARM endpoint ftp', { ...BASE, [SETTINGS.armEndpoint]: 'ftp://arm' }, {}, SETTINGS.armEndpoint, /http\(s\) URL/],
    ['CA file missing', { ...BASE, [SETTINGS.armCaFile]: 'ca.pem' }, {}, SETTINGS.armCaFile, /cannot read file/],
    ['CA file not PEM', { ...BASE, [SETTINGS.armCaFile]: 'ca.pem' }, { 'ca.pem': 'hello' }, SETTINGS.armCaFile, /not a PEM certificate/],
    ['poll ms not a number', { ...BASE, [SETTINGS.lroPollMs]: 'fast' }, {}, SETTINGS.lroPollMs, /whole number/],
    ['poll ms zero', { ...BASE, [SETTINGS.lroPollMs]: '0' }, {}, SETTINGS.lroPollMs, /at least 1/],
    ['poll ms negative', { ...BASE, [SETTINGS.lroPollMs]: '-5' }, {}, SETTINGS.lroPollMs, /whole number/],
    ['schedule with 5 fields', { ...BASE, [SETTINGS.discoverySchedule]: '*/30 * * * *' }, {}, SETTINGS.discoverySchedule, /NCRONTAB/],
    ['schedule of six words', { ...BASE, [SETTINGS.discoverySchedule]: 'a b c d e f' }, {}, SETTINGS.discoverySchedule, /the second field "a"/],
    ['schedule with an hour of 25', { ...BASE, [SETTINGS.discoverySchedule]: '0 0 25 * * *' }, {}, SETTINGS.discoverySchedule, /not a valid NCRONTAB expression/],
    ['schedule with Quartz L', { ...BASE, [SETTINGS.discoverySchedule]: '0 0 0 L * *' }, {}, SETTINGS.discoverySchedule, /the day field "L"/],
    ['schedule with a zero step', { ...BASE, [SETTINGS.discoverySchedule]: '0 */0 * * * *' }, {}, SETTINGS.discoverySchedule, /NCRONTAB/],
    ['schedule TimeSpan of 25 hours', { ...BASE, [SETTINGS.discoverySchedule]: '25:00:00' }, {}, SETTINGS.discoverySchedule, /hours below 24/],
    ['approval auth "maybe"', { ...BASE, [SETTINGS.approvalAuth]: 'maybe' }, {}, SETTINGS.approvalAuth, /required or off/],
    ['approver group not a GUID', { ...BASE, [SETTINGS.approverGroups]: 'admins' }, {}, SETTINGS.approverGroups, /GUID/],
    ['approver role with a space', { ...BASE, [SETTINGS.approverRoles]: 'Rollout Approver' }, {}, SETTINGS.approverRoles, /app role values/],
  ];
  it.each(cases)('%s', (_name, env, fileMap, setting, problem) => {
    const error = errorOf(env, files(fileMap));
    expect(error.input).toBe(setting);
    expect(error.message.startsWith(`${setting}: `)).toBe(true);
    expect(error.problem).toMatch(problem);
  });

  it('never puts the connection string in a message', () => {
    const error = errorOf({ [SETTINGS.tableConnection]: 'AccountKey=secret-key', [SETTINGS.dryRun]: 'maybe' });
    expect(error.message).not.toContain('secret-key');
  });
});

describe('schedules and approvals that pass', () => {
  it.each(['0 */30 * * * *', '0 0 2 * * MON-FRI', '0 15,45 * * JAN *', '30 5 */2 1-15 * 0', '01:00:00'])('schedule "%s" is valid', (schedule) => {
    expect(loadConfig({ ...BASE, [SETTINGS.discoverySchedule]: schedule }, files({})).discoverySchedule).toBe(schedule);
  });
  it('approvals need authentication unless the setting says off; roles and groups are read as lists', () => {
    expect(loadConfig(BASE, files({})).approvals).toEqual({ requireAuthentication: true, roles: [], groups: [] });
    const c = loadConfig({ ...BASE, [SETTINGS.approvalAuth]: 'Off', [SETTINGS.approverRoles]: 'Rollout.Approver, Admin', [SETTINGS.approverGroups]: '6F1C2F0E-0000-4000-8000-000000000001' }, files({}));
    expect(c.approvals).toEqual({ requireAuthentication: false, roles: ['Rollout.Approver', 'Admin'], groups: ['6f1c2f0e-0000-4000-8000-000000000001'] });
  });
});

describe('RECONCILER_APPLY_TIMEOUT_MINUTES', () => {
  const base = { RECONCILER_SCOPE_SUBSCRIPTIONS: '00000000-0000-0000-0000-000000000001', AzureWebJobsStorage: 'UseDevelopmentStorage=true' };
  it('defaults to 15 and accepts whole minutes', () => {
    expect(loadConfig(base).applyTimeoutMinutes).toBe(15);
    expect(loadConfig({ ...base, RECONCILER_APPLY_TIMEOUT_MINUTES: '30' }).applyTimeoutMinutes).toBe(30);
  });
  it.each(['0', '1.5', 'soon', '241'])('refuses %s naming the setting', (value) => {
    expect(() => loadConfig({ ...base, RECONCILER_APPLY_TIMEOUT_MINUTES: value })).toThrow(/RECONCILER_APPLY_TIMEOUT_MINUTES/);
  });
});

describe('the identity provider (RECONCILER_ENTRA_*)', () => {
  const TENANT = '72F988BF-86F1-41AF-91AB-2D7CD011DB47';
  const CLIENT = '3f2a1b4c-0000-4000-8000-00000000a001';
  it('none by default; tenant and client id together give one, at the public authority unless overridden', () => {
    expect(loadConfig(BASE, files({})).identityProvider).toBeUndefined();
    expect(loadConfig({ ...BASE, [SETTINGS.entraTenantId]: TENANT, [SETTINGS.entraClientId]: CLIENT }, files({})).identityProvider).toEqual({
      tenantId: TENANT.toLowerCase(),
      clientId: CLIENT,
      authority: 'https://login.microsoftonline.com',
    });
    expect(loadConfig({ ...BASE, [SETTINGS.entraTenantId]: TENANT, [SETTINGS.entraClientId]: CLIENT, [SETTINGS.entraAuthority]: 'https://login.microsoftonline.us/' }, files({})).identityProvider?.authority).toBe('https://login.microsoftonline.us');
  });
  it.each([
    ['a tenant without a client id', { [SETTINGS.entraTenantId]: TENANT }, SETTINGS.entraClientId, /set it with RECONCILER_ENTRA_TENANT_ID/],
    ['a client id without a tenant', { [SETTINGS.entraClientId]: CLIENT }, SETTINGS.entraTenantId, /set it with RECONCILER_ENTRA_CLIENT_ID/],
    ['a tenant that is not a GUID', { [SETTINGS.entraTenantId]: 'contoso.onmicrosoft.com', [SETTINGS.entraClientId]: CLIENT }, SETTINGS.entraTenantId, /must be a GUID/],
    ['an http authority', { [SETTINGS.entraTenantId]: TENANT, [SETTINGS.entraClientId]: CLIENT, [SETTINGS.entraAuthority]: 'http://login.example' }, SETTINGS.entraAuthority, /https URL/],
  ])('%s is an InputError naming the setting', (_n, env, setting, problem) => {
    const error = errorOf({ ...BASE, ...env });
    expect(error.input).toBe(setting);
    expect(error.problem).toMatch(problem);
  });
});
