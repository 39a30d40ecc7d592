/**
 * Compiles infra/*.bicep with scripts/bicep.sh (restores the pinned Bicep CLI from NuGet, builds, lints with warnings as
 * errors) and asserts the security properties of the compiled ARM JSON. RECONCILER_SKIP_INFRA_TESTS=1 skips on purpose.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SETTINGS } from '../../src/config';
import { FLEET_QUERY } from '../../src/azure/resourceGraph/fleetQuery';
import { METRIC } from '../../src/telemetry/metrics';
import { type ArmTemplate, type Found, findResources, resolve, single } from './armTemplate';
import { parseClusterEvent } from '../../src/azure/eventGrid/clusterEvents';

const root = join(__dirname, '..', '..');
const outDir = join(root, '.cache', 'infra-json');
const skip = process.env.RECONCILER_SKIP_INFRA_TESTS === '1';

/** Settings the app reads that are deliberately NOT set in Azure, each with the reason. */
const NOT_SET_IN_AZURE: Record<string, string> = {
  [SETTINGS.tableConnection]: 'AzureWebJobsStorage as a connection string would carry a key: the host uses AzureWebJobsStorage__* and the app RECONCILER_TABLE_ENDPOINT',
  [SETTINGS.policyFile]: 'optional: the policy is set inline (RECONCILER_POLICY)',
  [SETTINGS.catalogFile]: 'optional catalog overlay file, shipped by the user if wanted',
  [SETTINGS.armEndpoint]: 'simulator only',
  [SETTINGS.armCaFile]: 'simulator only',
  [SETTINGS.lroPollMs]: 'the default (5000 ms) is right for Azure',
  [SETTINGS.applyTimeoutMinutes]: 'the default (15 minutes) matches how long ARM extension operations take; set it in the app settings to change it',
};

const EXTENSION_OPERATOR_ACTIONS = [
  'Microsoft.KubernetesConfiguration/extensionTypes/read',
  'Microsoft.KubernetesConfiguration/extensions/operations/read',
  'Microsoft.KubernetesConfiguration/extensions/read',
  'Microsoft.KubernetesConfiguration/extensions/write',
];

const ROLE = {
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88',
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
  eventGridDataSender: 'd5a91429-5739-47e2-a06b-3470a27159e7',
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb',
};

/** A compiled value as text: expressions are strings already. */
const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value) ?? '');

const describeInfra = skip ? describe.skip : describe;

describeInfra('infra (compiled Bicep)', () => {
  let main: ArmTemplate;
  let mainText: string;
  let mg: ArmTemplate;

  beforeAll(() => {
    try {
      execFileSync('bash', [join(root, 'scripts', 'bicep.sh')], { cwd: root, encoding: 'utf8', stdio: 'pipe', timeout: 600_000 });
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; message: string };
      throw new Error(
        `scripts/bicep.sh failed (Bicep CLI restore from NuGet, build or lint). Set RECONCILER_SKIP_INFRA_TESTS=1 only to skip on purpose.\n${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`,
      );
    }
    mainText = readFileSync(join(outDir, 'main.json'), 'utf8');
    main = JSON.parse(mainText) as ArmTemplate;
    mg = JSON.parse(readFileSync(join(outDir, 'scope-management-group.json'), 'utf8')) as ArmTemplate;
  }, 600_000);

  /** The one resource of this type main.bicep deploys (references to `existing` resources left out). */
  const one = (type: string, nameContains = ''): Found => single(findResources(main), type, nameContains, (f) => (f.resource as { existing?: boolean }).existing !== true);

  describe('storage account', () => {
    it('has shared keys off, TLS 1.2, no public blob access and HTTPS only', () => {
      const p = one('Microsoft.Storage/storageAccounts').resource.properties ?? {};
      expect({
        allowSharedKeyAccess: p.allowSharedKeyAccess,
        minimumTlsVersion: p.minimumTlsVersion,
        allowBlobPublicAccess: p.allowBlobPublicAccess,
        supportsHttpsTrafficOnly: p.supportsHttpsTrafficOnly,
      }).toEqual({ allowSharedKeyAccess: false, minimumTlsVersion: 'TLS1_2', allowBlobPublicAccess: false, supportsHttpsTrafficOnly: true });
    });

    it('grants the identity Blob Data Owner, Queue and Table Data Contributor on it', () => {
      const assignments = findResources(main).filter(
        (f) => f.resource.type === 'Microsoft.Authorization/roleAssignments' && String(f.resource.scope).includes("'Microsoft.Storage/storageAccounts',"),
      );
      expect(assignments).toHaveLength(1);
      const [found] = assignments as [Found];
      const count = text((found.resource.copy as { count?: unknown } | undefined)?.count);
      const variable = /variables\('([^']+)'\)/.exec(count)?.[1] ?? '';
      expect([...(resolve(found.template, `[variables('${variable}')]`) as string[])].sort()).toEqual(
        [ROLE.storageBlobDataOwner, ROLE.storageQueueDataContributor, ROLE.storageTableDataContributor].sort(),
      );
    });
  });

  describe('no secrets', () => {
    it('stores no account key, no connection string with a key, and calls no listKeys', () => {
      expect(mainText).not.toMatch(/AccountKey/i);
      expect(mainText).not.toMatch(/listKeys/i);
      expect(mainText).not.toMatch(/'AzureWebJobsStorage',/);
    });
  });

  describe('function app', () => {
    it('runs on the Flex Consumption plan (FC1)', () => {
      const plan = one('Microsoft.Web/serverfarms').resource;
      expect(plan.sku).toEqual({ tier: 'FlexConsumption', name: 'FC1' });
    });

    it('runs Node 22 and deploys from a blob container with the user-assigned identity', () => {
      const site = one('Microsoft.Web/sites').resource;
      const config = (site.properties?.functionAppConfig ?? {}) as {
        runtime?: unknown;
        deployment?: { storage?: { type?: string; authentication?: { type?: string } } };
      };
      expect(config.runtime).toEqual({ name: 'node', version: '22' });
      expect(config.deployment?.storage?.type).toBe('blobContainer');
      expect(config.deployment?.storage?.authentication?.type).toBe('UserAssignedIdentity');
      expect(site.properties?.httpsOnly).toBe(true);
      expect((site.identity as { type?: string } | undefined)?.type).toBe('UserAssigned');
      expect((site.tags as string | undefined) ?? '').toContain("'azd-service-name', 'reconciler'");
    });

    describe('app settings', () => {
      const settings = (): string => text(one('Microsoft.Web/sites/config', 'appsettings').resource.properties);
      const pair = (name: string, value: string): string => `'${name}', ${value}`;

      it('reach host storage by identity (AzureWebJobsStorage__*)', () => {
        const s = settings();
        expect(s).toContain(pair('AzureWebJobsStorage__credential', "'managedidentity'"));
        expect(s).toContain("'AzureWebJobsStorage__accountName', ");
        expect(s).toContain(pair('AzureWebJobsStorage__clientId', "reference('identity').clientId"));
        expect(s).toContain(pair('AZURE_CLIENT_ID', "reference('identity').clientId"));
      });

      it('send telemetry with Entra auth', () => {
        expect(settings()).toContain(pair('APPLICATIONINSIGHTS_AUTHENTICATION_STRING', "format('ClientId={0};Authorization=AAD', reference('identity').clientId)"));
        const insights = one('Microsoft.Insights/components').resource;
        expect(insights.properties?.DisableLocalAuth).toBe(true);
        // With local auth off, telemetry is accepted only from a principal holding Monitoring Metrics Publisher.
        const publisher = single(findResources(main), 'Microsoft.Authorization/roleAssignments', '', (f) =>
          String(f.resource.scope).includes("'Microsoft.Insights/components'"),
        );
        expect(publisher.resource.properties?.roleDefinitionId).toBe(
          "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', variables('builtInRoles').monitoringMetricsPublisher)]",
        );
        expect(resolve(publisher.template, "[variables('builtInRoles')]")).toMatchObject({ monitoringMetricsPublisher: ROLE.monitoringMetricsPublisher });
        expect(publisher.resource.properties?.principalId).toBe("[reference('identity').principalId]");
        expect(publisher.resource.properties?.principalType).toBe('ServicePrincipal');
      });

      it('point audit and state at the storage account\'s table endpoint', () => {
        expect(settings()).toContain(pair(SETTINGS.tableEndpoint, "reference('storage').primaryEndpoints.table"));
      });

      it('set every setting the app needs in Azure (src/config.ts SETTINGS)', () => {
        const s = settings();
        for (const name of Object.keys(NOT_SET_IN_AZURE)) expect(Object.values(SETTINGS)).toContain(name);
        const missing = Object.values(SETTINGS).filter((name) => !(name in NOT_SET_IN_AZURE) && !s.includes(`'${name}', `));
        expect(missing).toEqual([]);
      });

      it('set the notification topic endpoint only with the custom topic', () => {
        expect(settings()).toContain(
          `if(parameters('enableNotificationTopic'), createObject('${SETTINGS.notificationTopic}', reference('notificationTopic').endpoint), createObject())`,
        );
      });

      it('require a verified approver with the app role or group given as parameters; no roles, groups or identity provider without an app registration', () => {
        const s = settings();
        expect(s).toContain(pair(SETTINGS.approvalAuth, "'required'"));
        expect(s).toContain(pair(SETTINGS.approverRoles, "if(empty(parameters('authClientId')), '', parameters('approverRoles'))"));
        expect(s).toContain(pair(SETTINGS.approverGroups, "if(empty(parameters('authClientId')), '', parameters('approverGroups'))"));
        expect(s).toContain(pair(SETTINGS.entraTenantId, "if(empty(parameters('authClientId')), '', tenant().tenantId)"));
        expect(s).toContain(pair(SETTINGS.entraClientId, "parameters('authClientId')"));
        expect(s).toContain(pair(SETTINGS.entraAuthority, "if(empty(parameters('authClientId')), '', environment().authentication.loginEndpoint)"));
        const app = single(findResources(main), 'Microsoft.Resources/deployments', 'reconciler-app').resource;
        const params = app.properties?.parameters as Record<string, { value?: unknown }>;
        expect([params.authClientId?.value, params.approverRoles?.value, params.approverGroups?.value]).toEqual([
          "[parameters('authClientId')]",
          "[parameters('approverRoles')]",
          "[parameters('approverGroups')]",
        ]);
        const file = JSON.parse(readFileSync(join(root, 'infra', 'main.parameters.json'), 'utf8')) as { parameters: Record<string, { value: string }> };
        expect(file.parameters.authClientId?.value).toBe('${RECONCILER_AUTH_CLIENT_ID=}');
        expect(file.parameters.approverRoles?.value).toBe('${RECONCILER_APPROVER_ROLES=Reconciler.Approve}');
        expect(file.parameters.approverGroups?.value).toBe('${RECONCILER_APPROVER_GROUPS=}');
      });

            it('default to dry run', () => {
        expect(settings()).toContain(pair(SETTINGS.dryRun, "parameters('dryRun')"));
        const app = single(findResources(main), 'Microsoft.Resources/deployments', 'reconciler-app').resource;
        expect((app.properties?.parameters as Record<string, { value?: unknown }>).dryRun?.value).toBe("[parameters('dryRun')]");
        expect(main.parameters?.dryRun?.defaultValue).toBe('true');
        const file = JSON.parse(readFileSync(join(root, 'infra', 'main.parameters.json'), 'utf8')) as {
          parameters: Record<string, { value: string }>;
        };
        expect(file.parameters.dryRun?.value).toBe('${RECONCILER_DRY_RUN=true}');
        expect(file.parameters.environmentName?.value).toBe('${AZURE_ENV_NAME}');
        expect(file.parameters.location?.value).toBe('${AZURE_LOCATION}');
      });
    });
  });

  describe('App Service authentication (Easy Auth v2, authsettingsV2)', () => {
    const authFound = () => one('Microsoft.Web/sites/config', 'authsettingsV2');
    const auth = () => authFound().resource;
    it('is deployed with the Entra app registration given (authClientId), and not without one', () => {
      expect(auth().condition).toBe("[not(empty(parameters('authClientId')))]");
      expect(auth().name).toBe("[format('{0}/{1}', parameters('functionAppName'), 'authsettingsV2')]");
    });
    it('turns the platform on with Microsoft Entra ID validating tokens for the app registration, HTTPS only, no token store', () => {
      const p = auth().properties as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(p.platform).toEqual({ enabled: true });
      expect(p.httpSettings.requireHttps).toBe(true);
      expect(p.login).toEqual({ tokenStore: { enabled: false } });
      const aad = p.identityProviders.azureActiveDirectory;
      expect(aad.enabled).toBe(true);
      expect(aad.registration).toEqual({ clientId: "[parameters('authClientId')]", openIdIssuer: "[format('{0}{1}/v2.0', environment().authentication.loginEndpoint, tenant().tenantId)]" });
      expect(aad.validation.allowedAudiences).toEqual(["[format('api://{0}', parameters('authClientId'))]", "[parameters('authClientId')]"]);
    });
    it('requires a token on every request (401 otherwise) except the Event Grid webhook and the function-key machine routes', () => {
      const found = authFound();
      const p = found.resource.properties as { globalValidation?: { excludedPaths?: unknown } };
      expect(p.globalValidation).toMatchObject({ requireAuthentication: true, unauthenticatedClientAction: 'Return401' });
      expect(resolve(found.template, p.globalValidation?.excludedPaths)).toEqual(['/runtime/webhooks/eventgrid', '/api/plan', '/api/reconcile']);
    });
    it('defaults: no app registration, approver role Reconciler.Approve, no group', () => {
      expect(main.parameters?.authClientId?.defaultValue).toBe('');
      expect(main.parameters?.approverRoles?.defaultValue).toBe('Reconciler.Approve');
      expect(main.parameters?.approverGroups?.defaultValue).toBe('');
    });
  });

  describe('security baseline (issue 21)', () => {
    const site = () => one('Microsoft.Web/sites').resource;
    const diagnostics = () => findResources(main).filter((f) => f.resource.type === 'Microsoft.Insights/diagnosticSettings');

    it('turns SCM and FTP basic publishing credentials off', () => {
      const policies = findResources(main).filter((f) => f.resource.type === 'Microsoft.Web/sites/basicPublishingCredentialsPolicies');
      expect(policies.map((f) => [f.resource.name, f.resource.properties, f.resource.condition]).sort()).toEqual([
        ["[format('{0}/{1}', parameters('functionAppName'), 'ftp')]", { allow: false }, undefined],
        ["[format('{0}/{1}', parameters('functionAppName'), 'scm')]", { allow: false }, undefined],
      ]);
    });

    it('the site: HTTPS only, TLS 1.2, HTTP/2, no ARR affinity cookie', () => {
      const s = site();
      expect(s.properties).toMatchObject({ httpsOnly: true, clientAffinityEnabled: false, siteConfig: { minTlsVersion: '1.2', http20Enabled: true } });
    });

    it('storage: TLS 1.2 kept, blob and container soft delete (7 days), redundancy a parameter (LRS default, GZRS allowed)', () => {
      const account = one('Microsoft.Storage/storageAccounts');
      expect(account.resource.properties?.minimumTlsVersion).toBe('TLS1_2');
      expect(account.resource.sku).toEqual({ name: "[parameters('storageSku')]" });
      expect(main.parameters?.storageSku?.defaultValue).toBe('Standard_LRS');
      expect((main.parameters?.storageSku as { allowedValues?: string[] }).allowedValues).toContain('Standard_GZRS');
      const blob = one('Microsoft.Storage/storageAccounts/blobServices');
      expect(blob.resource.properties).toEqual({ deleteRetentionPolicy: { enabled: true, days: 7 }, containerDeleteRetentionPolicy: { enabled: true, days: 7 } });
    });

    it('network isolation is opt-in: VNet integration, private endpoints for blob, queue and table, storage defaultAction Deny', () => {
      expect(main.parameters?.networkIsolation?.defaultValue).toBe(false);
      const account = one('Microsoft.Storage/storageAccounts');
      expect(account.resource.properties?.networkAcls).toEqual({ defaultAction: "[if(parameters('networkIsolation'), 'Deny', 'Allow')]", bypass: 'AzureServices' });
      expect(site().properties?.virtualNetworkSubnetId).toBe("[if(parameters('networkIsolation'), reference('network').outputs.appSubnetId.value, null())]");
      const network = single(findResources(main), 'Microsoft.Resources/deployments', 'reconciler-network');
      expect(network.resource.condition).toBe("[parameters('networkIsolation')]");
      const inner = network.resource.properties?.template as ArmTemplate;
      expect(resolve(inner, "[variables('services')]")).toEqual(['blob', 'queue', 'table']);
      const endpoints = single(findResources(inner), 'Microsoft.Network/privateEndpoints');
      expect(text(endpoints.resource.properties)).toContain('"groupIds":["[variables(\'services\')[copyIndex()]]"]');
      const vnet = single(findResources(inner), 'Microsoft.Network/virtualNetworks');
      const subnets = (vnet.resource.properties?.subnets ?? []) as { name: string; properties: { delegations?: { properties: { serviceName: string } }[] } }[];
      expect(subnets.find((x) => x.name === 'app')?.properties.delegations?.[0]?.properties.serviceName).toBe('Microsoft.App/environments');
      expect(findResources(inner).filter((f) => f.resource.type === 'Microsoft.Network/privateDnsZones')).toHaveLength(1); // one copy loop over the services
    });

    it('Log Analytics: local auth off, 90 days', () => {
      expect(one('Microsoft.OperationalInsights/workspaces').resource.properties).toMatchObject({ retentionInDays: 90, features: { disableLocalAuth: true } });
    });

    it('diagnostic settings to the workspace: the function app, each system topic, and writes and deletes on the table service (the audit trail)', () => {
      const byScope = (fragment: string) => diagnostics().filter((f) => String(f.resource.scope).includes(fragment));
      expect(byScope("'Microsoft.Web/sites'").map((f) => f.resource.properties?.logs)).toEqual([[{ categoryGroup: 'allLogs', enabled: true }]]);
      expect(byScope("'Microsoft.EventGrid/systemTopics'").map((f) => [f.resource.properties?.logs, f.resource.properties?.workspaceId])).toEqual([
        [[{ categoryGroup: 'allLogs', enabled: true }], "[parameters('logsWorkspaceId')]"],
        [[{ categoryGroup: 'allLogs', enabled: true }], "[parameters('logsWorkspaceId')]"],
      ]);
      expect(byScope("'Microsoft.Storage/storageAccounts/tableServices'").map((f) => f.resource.properties?.logs)).toEqual([
        [
          { category: 'StorageWrite', enabled: true },
          { category: 'StorageDelete', enabled: true },
        ],
      ]);
      expect(resolve(main, "[variables('logsWorkspaceId')]")).toBe("[resourceId(subscription().subscriptionId, variables('appGroupName'), 'Microsoft.OperationalInsights/workspaces', format('log-{0}', variables('resourceToken')))]");
    });

    it('the audit account carries a CanNotDelete lock (on by default)', () => {
      const lock = one('Microsoft.Authorization/locks').resource;
      expect([lock.condition, lock.properties?.level, String(lock.scope)]).toEqual(["[parameters('auditDeleteLock')]", 'CanNotDelete', "[resourceId('Microsoft.Storage/storageAccounts', parameters('storageAccountName'))]"]);
      expect(main.parameters?.auditDeleteLock?.defaultValue).toBe(true);
    });

    it('the notification topic: minimum TLS 1.2 and a managed identity', () => {
      const topic = one('Microsoft.EventGrid/topics').resource;
      expect(topic.properties?.minimumTlsVersionAllowed).toBe('1.2');
      expect(topic.identity).toEqual({ type: 'SystemAssigned' });
    });

    it('main.parameters.json maps each new parameter to an azd variable with the template\'s default', () => {
      const file = JSON.parse(readFileSync(join(root, 'infra', 'main.parameters.json'), 'utf8')) as { parameters: Record<string, { value: string }> };
      expect([file.parameters.networkIsolation?.value, file.parameters.storageSku?.value, file.parameters.auditDeleteLock?.value]).toEqual([
        '${RECONCILER_NETWORK_ISOLATION=false}',
        '${RECONCILER_STORAGE_SKU=Standard_LRS}',
        '${RECONCILER_AUDIT_DELETE_LOCK=true}',
      ]);
    });
  });

    describe('custom role', () => {
    for (const [entry, template] of [
      ['main.bicep', (): ArmTemplate => main],
      ['scope-management-group.bicep', (): ArmTemplate => mg],
    ] as const) {
      it(`${entry}: allows exactly the extension actions, no wildcard, no notActions, no data actions`, () => {
        const found = single(findResources(template()), 'Microsoft.Authorization/roleDefinitions', '', (f) => f.resource.name.includes('extension-operator'));
        const permissions = resolve(found.template, found.resource.properties?.permissions) as Array<Record<string, unknown>>;
        expect(permissions).toHaveLength(1);
        const [p] = permissions as [Record<string, unknown>];
        const actions = resolve(found.template, p.actions) as string[];
        expect([...actions].sort()).toEqual(EXTENSION_OPERATOR_ACTIONS);
        expect(actions.filter((a) => a.includes('*'))).toEqual([]);
        expect(p.notActions).toEqual([]);
        expect(p.dataActions).toEqual([]);
        expect(p.notDataActions).toEqual([]);
      });
    }

    it('is assigned with Reader on each target subscription', () => {
      const sub = single(findResources(main), 'Microsoft.Resources/deployments', 'reconciler-sub-');
      const access = single(findResources(main), 'Microsoft.Authorization/roleAssignments', '', (f) => f.template === sub.resource.properties?.template);
      const roleIds = resolve(access.template, "[variables('roleIds')]") as string[];
      expect(roleIds).toEqual([ROLE.reader, "[parameters('customRoleName')]"]);
      expect((sub.resource.properties?.parameters as Record<string, { value?: unknown }>).customRoleName?.value).toBe(
        "[guid(subscription().id, parameters('environmentName'), 'extension-operator')]",
      );
    });

    it('is assigned with Reader on the management group (scope-management-group.bicep)', () => {
      const assignments = findResources(mg).filter((f) => f.resource.type === 'Microsoft.Authorization/roleAssignments');
      const ids = assignments.map((f) => String(f.resource.properties?.roleDefinitionId));
      expect(ids).toHaveLength(2);
      expect(ids).toContain("[tenantResourceId('Microsoft.Authorization/roleDefinitions', variables('builtInRoles').reader)]");
      expect(resolve(mg, "[variables('builtInRoles').reader]")).toBe(ROLE.reader);
      const role = single(findResources(mg), 'Microsoft.Authorization/roleDefinitions').resource;
      expect(ids).toContain(`[extensionResourceId(managementGroup().id, 'Microsoft.Authorization/roleDefinitions', ${role.name.slice(1, -1)})]`);
    });
  });

  describe('Flex Consumption settings (issue 20 item 9)', () => {
    it('sets no siteConfig.ftpsState (on Flex Consumption\'s list of unsupported site settings)', () => {
      const site = single(findResources(main), 'Microsoft.Web/sites', '', (f) => f.resource.properties?.functionAppConfig !== undefined).resource;
      expect(site.properties?.siteConfig).not.toHaveProperty('ftpsState');
    });

    it('bounds maximumInstanceCount to what Flex Consumption supports (at most 1000)', () => {
      const param = main.parameters?.maximumInstanceCount as { minValue?: number; maxValue?: number; defaultValue?: number };
      expect([param.minValue, param.maxValue, param.defaultValue]).toEqual([1, 1000, 40]);
    });
  });

  describe('Event Grid', () => {
    it('subscribes onClusterEvent to successful managed/connected cluster writes on each subscription', () => {
      const topic = single(findResources(main), 'Microsoft.EventGrid/systemTopics', 'evgst-reconciler-{0}\', subscription()');
      expect(topic.resource.properties?.topicType).toBe('Microsoft.Resources.Subscriptions');
      const sub = single(findResources(main), 'Microsoft.EventGrid/systemTopics/eventSubscriptions', 'reconciler-cluster-writes');
      const p = sub.resource.properties as {
        destination: { endpointType: string; properties: { resourceId: string; endpointUrl?: string } };
        eventDeliverySchema: string;
        filter: { includedEventTypes: unknown; advancedFilters: Array<{ operatorType: string; key: string; values: unknown }> };
      };
      expect(p.destination.endpointType).toBe('AzureFunction');
      expect(p.destination.properties.endpointUrl).toBeUndefined();
      expect(p.destination.properties.resourceId).toMatch(/'Microsoft\.Web\/sites\/functions', .*'onClusterEvent'\)\]$/);
      expect(p.eventDeliverySchema).toBe('EventGridSchema');
      expect(p.filter.includedEventTypes).toEqual(['Microsoft.Resources.ResourceWriteSuccess']);
      expect(p.filter.advancedFilters).toHaveLength(1);
      const [f] = p.filter.advancedFilters as [{ operatorType: string; key: string; values: unknown }];
      expect([f.operatorType, f.key]).toEqual(['StringIn', 'data.operationName']);
      // an AKS on Azure Local upgrade writes its provisioned cluster instance (issue 20 item 8)
      expect(resolve(sub.template, f.values)).toEqual(['Microsoft.ContainerService/managedClusters/write', 'Microsoft.Kubernetes/connectedClusters/write', 'Microsoft.HybridContainerService/provisionedClusterInstances/write']);
    });

    it('reuses an existing system topic per subscription and per cluster: only the event subscription is created, with the same filters', () => {
      expect(main.parameters?.existingSystemTopics?.defaultValue).toBe('');
      const reusing = findResources(main).filter((f) => f.resource.type === 'Microsoft.Resources/deployments' && /reused/.test(f.resource.name));
      expect(reusing).toHaveLength(2);
      for (const r of reusing) {
        expect(r.resource.condition).toBe("[not(empty(parameters('existingSystemTopicId')))]");
        const nested = r.resource.properties?.template as ArmTemplate;
        const inner = findResources(nested).filter((f) => f.resource.type === 'Microsoft.EventGrid/systemTopics');
        expect(inner.map((t) => t.resource.existing)).toEqual([true]); // the topic is only referenced, never created
      }
      const params = (name: RegExp) => (reusing.find((r) => name.test(r.resource.name))!.resource.properties as { parameters: Record<string, { value: unknown }> }).parameters;
      const subscriptionSide = params(/subscription-topic-reused/);
      const clusterSide = params(/aks-topic-reused/);
      expect(subscriptionSide.subscriptionName!.value).toBe('reconciler-cluster-writes');
      expect(subscriptionSide.includedEventTypes!.value).toEqual(['Microsoft.Resources.ResourceWriteSuccess']);
      const filter = (subscriptionSide.advancedFilters!.value as [{ key: string; values: unknown }])[0];
      expect(filter.key).toBe('data.operationName');
      const subscriptionScope = single(findResources(main), 'Microsoft.Resources/deployments', 'subscription-topic-reused').template;
      expect(resolve(subscriptionScope, filter.values)).toContain('Microsoft.HybridContainerService/provisionedClusterInstances/write');
      expect(clusterSide.subscriptionName!.value).toBe('reconciler-cluster-events');
      // the created topics are skipped when a topic is reused
      const created = findResources(main).filter((f) => f.resource.type === 'Microsoft.Resources/deployments' && /reconciler-(subscription-topic|aks-topic-\$)/.test(String(f.resource.name)) && !/reused/.test(f.resource.name));
      for (const c of created) expect(c.resource.condition).toBe("[empty(parameters('existingSystemTopicId'))]");
    });

    it('every event type the compiled Bicep subscribes to has a handler path in onClusterEvent (none is dropped by design)', () => {
      // the Fleet gate subscription goes to onFleetGateEvent (test/infra/fleetGates.infra.test.ts)
      const toClusterEvent = (f: Found): boolean => text((f.resource.properties?.destination as { properties?: { resourceId?: unknown } } | undefined)?.properties?.resourceId).includes("'onClusterEvent'");
      const subscriptions = [...findResources(main), ...findResources(mg)].filter((f) => f.resource.type === 'Microsoft.EventGrid/systemTopics/eventSubscriptions' && toClusterEvent(f) && !f.resource.name.includes("parameters('subscriptionName')")); // a reused topic's subscription takes its types as parameters (checked above)
      expect(subscriptions.length).toBeGreaterThan(0);
      const types = new Set(subscriptions.flatMap((s) => resolve(s.template, (s.resource.properties?.filter as { includedEventTypes: unknown }).includedEventTypes) as string[]));
      expect(types.size).toBeGreaterThan(1);
      const cluster = '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-1';
      for (const eventType of types) {
        const parsed = parseClusterEvent({ id: 'e', topic: cluster, subject: 'aks-1', eventType, eventTime: '2024-01-01T00:00:00Z', data: {}, dataVersion: '1', metadataVersion: '1' });
        expect([eventType, parsed.ok || parsed.rejection.reason !== 'unsupported-type']).toEqual([eventType, true]);
      }
      expect(types).not.toContain('Microsoft.ContainerService.NodePoolRollingStarted');
      expect(types).toContain('Microsoft.ContainerService.NodePoolRollingFailed');
    });

    it('creates event subscriptions only when deployEventSubscriptions is set (default false)', () => {
      expect(main.parameters?.deployEventSubscriptions?.defaultValue).toBe(false);
      // the Fleet gate subscriptions sit in modules deployed on the same condition (test/infra/fleetGates.infra.test.ts)
      const subs = findResources(main).filter((f) => f.resource.type === 'Microsoft.EventGrid/systemTopics/eventSubscriptions' && !f.resource.name.includes('reconciler-fleet-gates'));
      expect(subs).toHaveLength(4); // per subscription and per cluster: on a created topic, or on a reused one
      for (const s of subs) expect(s.resource.condition).toBe("[parameters('deployEventSubscriptions')]");
    });

    it('sends Microsoft.ContainerService.* events of listed AKS clusters to onClusterEvent', () => {
      const topic = single(findResources(main), 'Microsoft.EventGrid/systemTopics', 'evgst-reconciler-{0}\', parameters(\'clusterName\')');
      expect(topic.resource.properties?.topicType).toBe('Microsoft.ContainerService.ManagedClusters');
      const sub = single(findResources(main), 'Microsoft.EventGrid/systemTopics/eventSubscriptions', 'reconciler-cluster-events');
      const types = resolve(sub.template, (sub.resource.properties?.filter as { includedEventTypes: unknown }).includedEventTypes) as string[];
      expect(types.length).toBeGreaterThan(0);
      expect(types.filter((t) => !t.startsWith('Microsoft.ContainerService.'))).toEqual([]);
      expect(types).toContain('Microsoft.ContainerService.NewKubernetesVersionAvailable');
    });

    it('dead-letters undeliverable events (after retries) to a blob container of the app\'s storage account, with the topic\'s identity', () => {
      const containers = findResources(main)
        .filter((f) => f.resource.type === 'Microsoft.Storage/storageAccounts/blobServices/containers')
        .map((f) => resolve(f.template, f.resource.name));
      expect(containers).toContain("[format('{0}/{1}/{2}', parameters('storageAccountName'), 'default', variables('deadLetterContainerName'))]");
      const app = single(findResources(main), 'Microsoft.Resources/deployments', 'reconciler-app');
      expect(resolve(app.resource.properties?.template as ArmTemplate, "[variables('deadLetterContainerName')]")).toBe('eventgrid-deadletter');
      expect(resolve(main, "[variables('deadLetter')]")).toMatchObject({
        containerName: 'eventgrid-deadletter',
        resourceGroup: "[format('rg-{0}', parameters('environmentName'))]",
        storageAccountName: "[format('st{0}', variables('resourceToken'))]",
      });
      expect(resolve(main, "[variables('deadLetterContainerName')]")).toBe('eventgrid-deadletter');

      // cluster events' topics (the Fleet gate topic and its subscriptions: test/infra/fleetGates.infra.test.ts)
      const topics = findResources(main).filter((f) => f.resource.type === 'Microsoft.EventGrid/systemTopics' && f.resource.properties?.topicType !== 'Microsoft.ResourceNotifications.AKSResources' && (f.resource as { existing?: boolean }).existing !== true);
      expect(topics).toHaveLength(2);
      // A global (subscription) system topic takes a system-assigned identity only.
      for (const t of topics) expect(t.resource.identity).toEqual({ type: 'SystemAssigned' });

      const subs = findResources(main).filter((f) => f.resource.type === 'Microsoft.EventGrid/systemTopics/eventSubscriptions' && !f.resource.name.includes('reconciler-fleet-gates'));
      expect(subs).toHaveLength(4); // per subscription and per cluster: on a created topic, or on a reused one
      for (const s of subs) {
        const p = s.resource.properties as { retryPolicy?: unknown; deadLetterWithResourceIdentity?: unknown; deadLetterDestination?: unknown };
        expect(p.retryPolicy).toEqual({ maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 });
        expect(p.deadLetterDestination).toBeUndefined();
        expect(p.deadLetterWithResourceIdentity).toEqual({
          identity: { type: 'SystemAssigned' },
          deadLetterDestination: {
            endpointType: 'StorageBlob',
            properties: {
              resourceId:
                "[resourceId(parameters('deadLetter').subscriptionId, parameters('deadLetter').resourceGroup, 'Microsoft.Storage/storageAccounts', parameters('deadLetter').storageAccountName)]",
              blobContainerName: "[parameters('deadLetter').containerName]",
            },
          },
        });
      }

      // Each topic's identity may write blobs into that container only (the account takes no keys).
      const writers = findResources(main).filter(
        (f) => f.resource.type === 'Microsoft.Authorization/roleAssignments' && String(f.resource.scope).includes('Microsoft.Storage/storageAccounts/blobServices/containers'),
      );
      // the subscription topic's, the cluster topics', and the Fleet gate topic's (test/infra/fleetGates.infra.test.ts)
      expect(writers).toHaveLength(5); // and the two reused topics' (existingSystemTopics)
      for (const w of writers) {
        expect(w.resource.properties?.roleDefinitionId).toBe("[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', variables('builtInRoles').storageBlobDataContributor)]");
        expect(resolve(w.template, "[variables('builtInRoles')]")).toMatchObject({ storageBlobDataContributor: ROLE.storageBlobDataContributor });
        expect(w.resource.properties?.principalType).toBe('ServicePrincipal');
      }
      const access = findResources(main).filter((f) => f.resource.type === 'Microsoft.Resources/deployments' && f.resource.name.includes('reconciler-deadletter-'));
      expect(access).toHaveLength(4);
      for (const a of access) {
        expect(a.resource.properties?.parameters).toMatchObject({ principalId: { value: "[reference('systemTopic', '2025-02-15', 'full').identity.principalId]" } });
      }
    });

    it('lets the identity publish to the optional notification topic (EventGrid Data Sender, no local auth)', () => {
      const topic = one('Microsoft.EventGrid/topics');
      expect(topic.resource.condition).toBe("[parameters('enableNotificationTopic')]");
      expect(topic.resource.properties?.inputSchema).toBe('CloudEventSchemaV1_0');
      expect(topic.resource.properties?.disableLocalAuth).toBe(true);
      const sender = findResources(main).filter(
        (f) => f.resource.type === 'Microsoft.Authorization/roleAssignments' && String(f.resource.properties?.roleDefinitionId).includes('eventGridDataSender'),
      );
      expect(sender).toHaveLength(1);
      expect(resolve(sender[0]!.template, "[variables('builtInRoles')]")).toMatchObject({ eventGridDataSender: ROLE.eventGridDataSender });
    });
  });
  describe('monitoring (workbook, alerts, action group)', () => {
    const kql = (q: unknown): string => text(q).replace(/\s+/g, ' ').trim();
    interface WorkbookItem {
      name: string;
      content: { query?: string; queryType?: number; resourceType?: string; json?: string; crossComponentResources?: unknown };
    }
    const workbook = (): { found: Found; items: WorkbookItem[] } => {
      const found = one('Microsoft.Insights/workbooks');
      const serialized = /^\[string\(variables\('([^']+)'\)\)\]$/.exec(text(found.resource.properties?.serializedData))?.[1] ?? '';
      const data = resolve(found.template, `[variables('${serialized}')]`) as { items: WorkbookItem[] };
      const items = data.items.map((i) => ({ ...i, content: resolve(found.template, i.content) as WorkbookItem['content'] }));
      return { found, items };
    };
    const item = (items: WorkbookItem[], name: string): WorkbookItem => items.find((i) => i.name === name) ?? { name, content: {} };
    const alerts = (): { name: string; query: string; measure: string; dimensions: string[]; threshold: unknown }[] => {
      const rules = one('Microsoft.Insights/scheduledQueryRules');
      const list = /^\[length\(variables\('([^']+)'\)\)\]$/.exec(text((rules.resource.copy as { count?: unknown }).count))?.[1] ?? '';
      return resolve(rules.template, `[variables('${list}')]`) as never;
    };

    it('deploys a shared workbook on Application Insights whose fleet query is the app\'s own, summarised by type and Kubernetes minor', () => {
      const { found, items } = workbook();
      expect(found.resource).toMatchObject({ kind: 'shared', properties: { category: 'workbook' } });
      expect(text(found.resource.properties?.sourceId)).toContain("'Microsoft.Insights/components'");
      const fleet = item(items, 'fleet-versions').content;
      expect(fleet).toMatchObject({ queryType: 1, resourceType: 'microsoft.resourcegraph/resources' });
      const appQuery = FLEET_QUERY.split('\n').filter((line) => !line.startsWith('| order by')).join('\n');
      expect(kql(fleet.query).startsWith(kql(appQuery))).toBe(true);
      expect(kql(fleet.query)).toContain('summarize clusters = dcount(clusterId) by extensionType, kubernetesMinor, version');
    });

    it('shows rollouts (their spans) and halts (their metric) from Application Insights and links the status page', () => {
      const { found, items } = workbook();
      expect(item(items, 'rollouts').content).toMatchObject({ queryType: 0, resourceType: 'microsoft.insights/components' });
      expect(kql(item(items, 'rollouts').content.query)).toContain("where name == 'rollout' and isnotempty(customDimensions['reconciler.rollout_id'])");
      expect(kql(item(items, 'halts').content.query)).toContain(`where name == '${METRIC.halts}'`);
      expect(kql(item(items, 'hops').content.query)).toContain(`where name == '${METRIC.hops}'`);
      expect(text(item(items, 'title').content.json)).toContain('[status page]({0})');
      expect(resolve(found.template, "[variables('statusPageUrl')]")).toBe("[format('https://{0}/api/ui', parameters('functionAppHostName'))]");
    });

    it('alerts on a halted rollout, undelivered notifications and repeated apply failures, from the app\'s metrics', () => {
      const rules = one('Microsoft.Insights/scheduledQueryRules').resource;
      expect(rules.properties).toMatchObject({ enabled: true, autoMitigate: true, criteria: { allOf: [{ timeAggregation: 'Total', operator: 'GreaterThan' }] } });
      expect((rules as { kind?: string }).kind).toBe('LogAlert');
      expect(text(rules.properties?.scopes)).toContain("'Microsoft.Insights/components'");
      expect(text((rules.properties?.actions as { actionGroups?: unknown }).actionGroups)).toContain("'Microsoft.Insights/actionGroups'");
      const byName = new Map(alerts().map((a) => [a.name, a]));
      expect([...byName.keys()].sort()).toEqual(['apply-failures', 'notifications-undelivered', 'rollout-halted']);
      const halted = byName.get('rollout-halted')!;
      expect(kql(halted.query)).toContain(`where name == '${METRIC.halts}'`);
      expect(halted).toMatchObject({ measure: 'halts', dimensions: ['code', 'ring'], threshold: 0 });
      const undelivered = byName.get('notifications-undelivered')!;
      expect(kql(undelivered.query)).toContain(`where name == '${METRIC.writeFailures}' | where tostring(customDimensions['target']) == 'notification'`);
      expect(undelivered).toMatchObject({ measure: 'undelivered', threshold: 0 });
      const failures = byName.get('apply-failures')!;
      expect(kql(failures.query)).toContain(`where name == '${METRIC.hops}' | where tostring(customDimensions['outcome']) == 'failed'`);
      expect(failures).toMatchObject({ measure: 'failures', dimensions: ['extensionType'], threshold: "[sub(parameters('applyFailureThreshold'), 1)]" });
    });

    it('e-mails the alertEmails parameter through one action group, nobody by default', () => {
      expect(main.parameters?.alertEmails).toMatchObject({ type: 'string', defaultValue: '' });
      const group = one('Microsoft.Insights/actionGroups').resource;
      expect(group.properties).toMatchObject({ enabled: true, copy: [{ name: 'emailReceivers', count: "[length(parameters('alertEmails'))]" }] });
    });
  });

  describe('durable backend (issue 27)', () => {
    const scheduler = (): Found => one('Microsoft.DurableTask/schedulers');
    const deployment = (): Found => one('Microsoft.Resources/deployments', 'reconciler-durable-task-scheduler');

    it('stays Azure Storage by default: the scheduler module deploys only when durableBackend is "scheduler"', () => {
      expect(main.parameters?.durableBackend).toMatchObject({ type: 'string', defaultValue: 'storage' });
      expect(deployment().resource.condition).toBe("[equals(parameters('durableBackend'), 'scheduler')]");
      expect(readFileSync(join(root, 'host.json'), 'utf8')).not.toContain('azureManaged');
    });

    it('deploys a scheduler and the app\'s task hub (Microsoft.DurableTask 2025-11-01), reachable by the identity as Durable Task Data Contributor', () => {
      expect((scheduler().resource as { apiVersion?: string }).apiVersion).toBe('2025-11-01');
      expect(text(scheduler().resource.properties)).toContain('ipAllowlist');
      const hub = one('Microsoft.DurableTask/schedulers/taskHubs').resource;
      expect((hub as { apiVersion?: string }).apiVersion).toBe('2025-11-01');
      const role = single(findResources(main), 'Microsoft.Authorization/roleAssignments', '', (f) => text(f.resource.scope).includes('Microsoft.DurableTask/schedulers/taskHubs')).resource;
      expect(resolve(deployment().resource.properties!.template as never, role.properties?.roleDefinitionId)).toBe("[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', variables('durableTaskDataContributor'))]");
      expect((deployment().resource.properties!.template as { variables?: Record<string, unknown> }).variables?.durableTaskDataContributor).toBe('0ad04412-c4d5-4796-b79c-f76d14c8d402');
      expect(role.properties).toMatchObject({ principalType: 'ServicePrincipal' });
    });

    it('switches the host to the scheduler through app settings that override host.json\'s storage provider, by identity (no key)', () => {
      const settings = text(one('Microsoft.Web/sites/config', 'appsettings').resource.properties);
      expect(settings).toContain("if(equals(parameters('durableBackend'), 'scheduler'), createObject('AzureFunctionsJobHost__extensions__durableTask__storageProvider__type', 'azureManaged', 'AzureFunctionsJobHost__extensions__durableTask__storageProvider__connectionStringName', 'DURABLE_TASK_SCHEDULER_CONNECTION_STRING'");
      expect(settings).toContain("format('Endpoint={0};Authentication=ManagedIdentity;ClientID={1}', reference('durableTaskScheduler').outputs.endpoint.value, reference('identity').clientId)");
    });
  });
});
