/**
 * Fuzzing of Table keys made from hostile ids: always valid keys, injective unless hashed, reversible when not hashed;
 * and hostile ids round-tripped through TableAuditLog against Azurite (a few hundred cases).
 */
import { TableClient } from '@azure/data-tables';
import fc from 'fast-check';
import { AUDIT_TABLE, TableAuditLog } from '../../src/azure/tables/tableAuditLog';
import { armIdKey, decodeKey, encodeKey, isHashedKey, isValidTableKey, KEY_SEPARATOR, MAX_KEY_LENGTH } from '../../src/azure/tables/tableKeys';
import type { AuditRecord } from '../../src/domain/ports';
import { startAzurite, type AzuriteTables } from '../../simulator/world/azurite';
import { forgedClusterId, inScopeClusterId } from './hostileIds';

const SEED = 9001;
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ maxLength: 600 }),
  fc.string({ unit: fc.constantFrom('/', '\\', '#', '?', '!', '~', '|', '%', "'", '\u0000', '\u007f', '\u0085', '\ud800', '\udc00', 'a', 'é', '😀'), maxLength: 300 }),
  inScopeClusterId,
  forgedClusterId,
);

describe('table keys under fuzzing', () => {
  it('are always valid Table keys within the length limit and never contain the composite separator', () => {
    fc.assert(
      fc.property(hostile, (value) => {
        for (const key of [encodeKey(value), armIdKey(value)]) {
          expect(isValidTableKey(key)).toBe(true);
          expect(key.length).toBeLessThanOrEqual(MAX_KEY_LENGTH);
          expect(Buffer.byteLength(key, 'utf16le')).toBeLessThanOrEqual(1024);
          expect(key).not.toContain(KEY_SEPARATOR);
          // eslint-disable-next-line no-control-regex -- the check is about control characters
          expect(key).not.toMatch(/[/\\#?\u0000-\u001f\u007f-\u009f]/);
        }
      }),
      { seed: SEED, numRuns: 4000 },
    );
  });

  it('decode(encode(x)) === x when not hashed; hashed keys do not decode', () => {
    fc.assert(
      fc.property(hostile, (value) => {
        const key = encodeKey(value);
        if (isHashedKey(key)) expect(decodeKey(key)).toBeUndefined();
        else expect(decodeKey(key)).toBe(value);
      }),
      { seed: SEED + 1, numRuns: 4000 },
    );
  });

  it('distinct inputs give distinct keys (hashed keys differ by digest)', () => {
    fc.assert(
      fc.property(hostile, hostile, (a, b) => {
        fc.pre(a !== b);
        expect(encodeKey(a)).not.toBe(encodeKey(b));
      }),
      { seed: SEED + 2, numRuns: 4000 },
    );
  });
});

describe('hostile ids through TableAuditLog on Azurite', () => {
  let azurite: AzuriteTables;
  let log: TableAuditLog;
  beforeAll(async () => {
    azurite = await startAzurite();
    const client = TableClient.fromConnectionString(azurite.connectionString, AUDIT_TABLE, { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } });
    log = new TableAuditLog(client, { retries: 40, retryDelayMs: 20 });
  }, 60_000);
  afterAll(async () => {
    await azurite.stop();
  });

  // Table storage cannot store lone surrogates or most control characters in string properties: ids of real-looking
  // characters only (still with / \ # ? ! ~ | % ' and non-ASCII).
  const storable = fc.oneof(
    fc.string({ unit: fc.constantFrom('/', '\\', '#', '?', '!', '~', '|', '%', "'", 'a', 'Z', '9', '-', '.', 'é', '😀', ' '), minLength: 1, maxLength: 300 }),
    inScopeClusterId,
    // eslint-disable-next-line no-control-regex -- Table storage cannot store these characters
    forgedClusterId.filter((s) => s.length > 0 && !/[\u0000-\u001f\ud800-\udfff]/.test(s)),
  );

  it('appends and finds back every row by its hostile cluster id and rollout id', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(storable, storable, fc.string({ unit: fc.constantFrom('a', '/', '#', '?', '!', '-'), minLength: 1, maxLength: 40 }), async (clusterId, extensionName, rolloutTail) => {
        const row: AuditRecord = {
          rolloutId: `fuzz-${n++}-${rolloutTail}`,
          clusterId,
          extensionName,
          extensionType: 'microsoft.flux',
          kind: 'applied',
          from: '1.0.0',
          to: '1.0.1',
          moveKind: 'patch',
          code: 'applied',
          reason: 'fuzz',
          trigger: 'timer',
          at: '2025-01-01T00:00:00.000Z',
        };
        await log.append([row]);
        const byRollout = await log.query({ rolloutId: row.rolloutId });
        expect(byRollout).toEqual([expect.objectContaining({ clusterId, extensionName, rolloutId: row.rolloutId })]);
        const byCluster = await log.query({ clusterId });
        expect(byCluster.map((r) => r.rolloutId)).toContain(row.rolloutId);
      }),
      { seed: SEED + 3, numRuns: 200 },
    );
  }, 60_000);
});
