import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { armClientOptions, armConnection, armScope, DEFAULT_ARM_ENDPOINT } from '../../../src/azure/arm/armConnection';
import { fakeCredential } from '../../../simulator/fakeCredential';

describe('armConnection', () => {
  it('defaults to public ARM and a DefaultAzureCredential, without a CA', () => {
    const conn = armConnection();
    expect(conn.endpoint).toBe(DEFAULT_ARM_ENDPOINT);
    expect(conn.credential.constructor.name).toBe('DefaultAzureCredential');
    expect(armClientOptions(conn)).toEqual({ endpoint: DEFAULT_ARM_ENDPOINT, additionalPolicies: [{ policy: expect.objectContaining({ name: 'reconcilerRetryCounter' }), position: 'perRetry' }] });
    expect(armScope(conn)).toBe('https://management.azure.com/.default');
  });

  it('reads the CA file and passes it per client as tlsOptions', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ca-')), 'ca.pem');
    writeFileSync(file, '-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----\n');
    const credential = fakeCredential();

    const conn = armConnection({ endpoint: 'https://127.0.0.1:8443/', caFile: file, credential });

    expect(conn.credential).toBe(credential);
    expect(armClientOptions(conn, { maxRetries: 0 })).toEqual({
      endpoint: 'https://127.0.0.1:8443',
      tlsOptions: { ca: '-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----\n' },
      retryOptions: { maxRetries: 0 },
      additionalPolicies: [{ policy: expect.objectContaining({ name: 'reconcilerRetryCounter' }), position: 'perRetry' }],
    });
  });
});
