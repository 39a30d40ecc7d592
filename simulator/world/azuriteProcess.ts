/**
 * Azurite Tables in a child process, as a storage service is in production: its work does not share the client's
 * event loop. Used by the benchmark; tests use the in-process, pausable startAzurite.
 */
import { spawn } from 'node:child_process';
import * as net from 'node:net';
import { join } from 'node:path';
import { DEV_ACCOUNT, DEV_KEY } from './azurite';


/** A running Azurite Tables process. */
export interface AzuriteProcess {
  connectionString: string;
  tableEndpoint: string;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address !== 'string' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Resolves once `port` accepts connections (or rejects after `timeoutMs`). */
async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.end(() => resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`Azurite did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts `azurite-table` (in-memory, loose, silent, no telemetry) on a free port. */
export async function startAzuriteProcess(): Promise<AzuriteProcess> {
  const port = await freePort();
  const main = join(require.resolve('azurite/package.json'), '..', 'dist', 'src', 'table', 'main.js');
  const child = spawn(process.execPath, [main, '--tableHost', '127.0.0.1', '--tablePort', String(port), '--inMemoryPersistence', '--silent', '--loose', '--skipApiVersionCheck', '--disableTelemetry'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForPort(port, 20_000);
  } catch (error) {
    child.kill();
    throw error;
  }
  const tableEndpoint = `http://127.0.0.1:${port}/${DEV_ACCOUNT}`;
  return {
    tableEndpoint,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};TableEndpoint=${tableEndpoint};`,
    async stop() {
      child.kill();
      await exited;
    },
  };
}
