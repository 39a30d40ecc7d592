/**
 * Starts the Azurite Table service in-process for tests, the demo and the benchmark (no jest imports here).
 * Clients reach Azurite through a small TCP relay on a fixed ephemeral port, so `pause()` can make the endpoint refuse
 * connections (like a storage outage) while the data survives, and `resume()` opens the same port again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The development storage account's well-known name and key (public, documented by Azure). */
export const DEV_ACCOUNT = 'devstoreaccount1';
/** The well-known Azurite development account key (public, documented by Azurite). */
export const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** A running Azurite Table service. */
export interface AzuriteTables {
  connectionString: string;
  /** `http://127.0.0.1:<port>/devstoreaccount1` */
  tableEndpoint: string;
  stop(): Promise<void>;
  /** Refuses every connection (and drops open ones) until `resume()`; stored data is kept. */
  pause(): Promise<void>;
  resume(): Promise<void>;
}

interface AzuriteServer {
  start(): Promise<void>;
  close(): Promise<void>;
  clean(): Promise<void>;
  getHttpServerAddress(): string;
}
type ServerCtor = new (config: unknown) => AzuriteServer;
type ConfigCtor = new (...args: unknown[]) => unknown;

function loadAzurite(): { TableServer: ServerCtor; TableConfiguration: ConfigCtor } {
  // `require('azurite')` is the VS Code entry point; the table server lives in dist. No type declarations ship.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const server = require('azurite/dist/src/table/TableServer') as { default: ServerCtor };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const config = require('azurite/dist/src/table/TableConfiguration') as { default: ConfigCtor };
  return { TableServer: server.default, TableConfiguration: config.default };
}

function listen(server: net.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      if (address === null || typeof address === 'string') reject(new Error('relay has no TCP address'));
      else resolve(address.port);
    });
  });
}

/** Starts Azurite Tables on 127.0.0.1 (in-memory by default, loose mode, no logs) behind a pausable relay. */
export async function startAzurite(options: { inMemory?: boolean } = {}): Promise<AzuriteTables> {
  const inMemory = options.inMemory ?? true;
  const { TableServer, TableConfiguration } = loadAzurite();
  const dir = inMemory ? undefined : mkdtempSync(join(tmpdir(), 'azurite-'));
  const dbPath = dir ? join(dir, 'table.json') : 'azurite-table-memory.json';
  // host, port, keepAliveTimeout, dbPath, debugLog, accessLog, accessLogStream, debugLogFile, loose, skipApiVersionCheck,
  // cert, key, pwd, oauth, disableProductStyleUrl, inMemoryPersistence
  const config = new TableConfiguration('127.0.0.1', 0, 5, dbPath, false, false, undefined, undefined, true, true, '', '', '', undefined, false, inMemory);
  const azurite = new TableServer(config);
  await azurite.start();
  const innerPort = Number(new URL(azurite.getHttpServerAddress()).port);
  if (!innerPort) throw new Error(`Azurite reported no port: ${azurite.getHttpServerAddress()}`);

  const sockets = new Set<net.Socket>();
  const makeRelay = (): net.Server =>
    net.createServer((client) => {
      const upstream = net.connect(innerPort, '127.0.0.1');
      sockets.add(client);
      sockets.add(upstream);
      const drop = (): void => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream);
      upstream.pipe(client);
    });
  let relay: net.Server | undefined = makeRelay();
  const port = await listen(relay, 0);

  const closeRelay = async (): Promise<void> => {
    const current = relay;
    relay = undefined;
    if (!current) return;
    const closed = new Promise<void>((resolve) => current.close(() => resolve()));
    for (const s of sockets) s.destroy();
    sockets.clear();
    await closed;
  };

  const tableEndpoint = `http://127.0.0.1:${port}/${DEV_ACCOUNT}`;
  return {
    tableEndpoint,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};TableEndpoint=${tableEndpoint};`,
    pause: closeRelay,
    async resume() {
      if (relay) return;
      relay = makeRelay();
      await listen(relay, port);
    },
    async stop() {
      await closeRelay();
      await azurite.close();
      await azurite.clean().catch(() => undefined);
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
