import { TableClient } from '@azure/data-tables';
import { startAzurite, type AzuriteTables } from '../../../simulator/world/azurite';

describe('startAzurite', () => {
  let azurite: AzuriteTables;
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterAll(async () => {
    await azurite.stop();
  });

  it('serves tables on an ephemeral port and keeps data across pause/resume', async () => {
    expect(azurite.tableEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1$/);
    const client = TableClient.fromConnectionString(azurite.connectionString, 'Harness', {
      allowInsecureConnection: true,
      retryOptions: { maxRetries: 0 },
    });
    await client.createTable();
    await client.upsertEntity({ partitionKey: 'p', rowKey: 'r', value: 1 });

    await azurite.pause();
    await expect(client.getEntity('p', 'r')).rejects.toThrow();
    await azurite.resume();

    const entity = await client.getEntity<{ value: number }>('p', 'r');
    expect(entity.value).toBe(1);
  });
});
