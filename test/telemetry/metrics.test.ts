/** The metrics module and the switch that starts export: grouping, what counts as what, retries and failed writes, off without a connection string. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TableClient } from '@azure/data-tables';
import { metrics, trace } from '@opentelemetry/api';
import { tableClientOptions } from '../../src/azure/tables/tableStores';
import type { AuditRecord } from '../../src/domain/ports';
import { METRIC, auditRecorded, countingWriteFailures, decisionsMade } from '../../src/telemetry/metrics';
import { authenticationClientId, startTelemetry } from '../../src/telemetry/startTelemetry';
import { installInMemoryTelemetry, type InMemoryTelemetry } from '../support/inMemoryTelemetry';

const row = (kind: AuditRecord['kind'], code: AuditRecord['code'], ring?: string): AuditRecord => ({
  rolloutId: 'r1', clusterId: 'c', extensionName: 'flux', extensionType: 'microsoft.flux', kind, from: '1.0.0', to: '1.0.1', moveKind: 'patch', code, reason: 'x', trigger: 'timer', at: '2024-06-05T10:00:00Z', ...(ring !== undefined ? { ring } : {}),
});

describe('startTelemetry', () => {
  it('starts nothing without APPLICATIONINSIGHTS_CONNECTION_STRING: the API stays a no-op', () => {
    expect(startTelemetry({})).toBe('off');
    expect(startTelemetry({ APPLICATIONINSIGHTS_CONNECTION_STRING: '  ' })).toBe('off');
    expect(metrics.getMeterProvider().constructor.name).toBe('NoopMeterProvider');
    expect(trace.getTracer('x').startSpan('s').isRecording()).toBe(false);
    expect(() => decisionsMade([{ action: 'upgrade', code: 'patch-available' }])).not.toThrow();
  });

  it.each([
    ['ClientId=abc;Authorization=AAD', 'abc'],
    ['Authorization=aad;ClientId=abc', 'abc'],
    ['ClientId=abc', undefined],
    ['Authorization=AAD', undefined],
    [undefined, undefined],
  ])('reads the managed identity client id of %p as %p', (value, expected) => {
    expect(authenticationClientId(value)).toBe(expected);
  });
});

describe('metrics', () => {
  let telemetry: InMemoryTelemetry;
  beforeEach(() => {
    telemetry = installInMemoryTelemetry();
  });
  afterEach(async () => {
    await telemetry.uninstall();
  });

  it('counts decisions by action and code', async () => {
    decisionsMade([
      { action: 'upgrade', code: 'patch-available' },
      { action: 'upgrade', code: 'patch-available' },
      { action: 'none', code: 'up-to-date' },
    ]);
    expect(await telemetry.points(METRIC.decisions)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ attributes: { action: 'upgrade', code: 'patch-available' }, value: 2 }),
        expect.objectContaining({ attributes: { action: 'none', code: 'up-to-date' }, value: 1 }),
      ]),
    );
  });

  it('counts applied and failed rows as hops and halted rows as halts; other rows count nothing', async () => {
    auditRecorded([row('applied', 'applied', 'canary'), row('failed', 'apply-failed', 'canary'), row('halted', 'ring-failure-budget-exceeded', 'canary'), row('planned', 'patch-available'), row('skipped', 'dry-run')]);
    expect(await telemetry.total(METRIC.hops)).toBe(2);
    expect(await telemetry.total(METRIC.hops, { outcome: 'failed', code: 'apply-failed', ring: 'canary' })).toBe(1);
    expect(await telemetry.total(METRIC.halts, { code: 'ring-failure-budget-exceeded' })).toBe(1);
  });

  it('counts every 503 a Table client gets (its own retries included) and the rows of a write that failed after them', async () => {
    // Arrange: a table endpoint that answers 503 to everything
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"odata.error":{"code":"ServerBusy","message":{"value":"busy"}}}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const connection = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${Buffer.from('key').toString('base64')};TableEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`;
    const client = TableClient.fromConnectionString(connection, 'Audit', { ...tableClientOptions(true), retryOptions: { maxRetries: 2, retryDelayInMs: 1, maxRetryDelayInMs: 5 } });

    try {
      // Act
      await expect(countingWriteFailures('audit', 7, () => client.createTable())).rejects.toThrow();
    } finally {
      server.close();
    }

    // Assert: three attempts reached the server, each 503 counted once, the seven rows counted as not written
    expect(requests).toBe(3);
    expect(await telemetry.total(METRIC.azureRetries, { service: 'tables', status_code: 503 })).toBe(3);
    expect(await telemetry.total(METRIC.writeFailures, { target: 'audit' })).toBe(7);
  });
});
