/**
 * A local stand-in for an Event Grid topic (no jest imports; the demo uses it too): a node:http server that accepts
 * `POST /api/events` with `application/cloudevents-batch+json` and records the CloudEvents it receives.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A CloudEvent as received on the wire (CloudEvents 1.0 JSON). */
export interface ReceivedCloudEvent {
  specversion: string;
  id: string;
  type: string;
  source: string;
  subject?: string;
  time?: string;
  datacontenttype?: string;
  data?: unknown;
  [extension: string]: unknown;
}

/** A running receiver. */
export interface CloudEventsReceiver {
  /** Topic endpoint to give the publisher, `http://127.0.0.1:<port>/api/events`. */
  endpoint: string;
  /** Every event accepted so far, in arrival order. */
  events: ReceivedCloudEvent[];
  /** Requests seen (accepted or refused), for retry assertions. */
  requests: Array<{ status: number; contentType: string | undefined; key: string | undefined }>;
  /** While down, every request is answered 503. */
  setDown(down: boolean): void;
  close(): Promise<void>;
}

/** Starts a receiver on 127.0.0.1 (ephemeral port). `failFirst` answers the first n requests 503. */
export async function startCloudEventsReceiver(options: { failFirst?: number; down?: boolean } = {}): Promise<CloudEventsReceiver> {
  let down = options.down ?? false;
  let failuresLeft = options.failFirst ?? 0;
  const events: ReceivedCloudEvent[] = [];
  const requests: CloudEventsReceiver['requests'] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const contentType = req.headers['content-type'];
      const key = req.headers['aeg-sas-key'];
      const answer = (status: number, body?: unknown): void => {
        requests.push({ status, contentType, key: typeof key === 'string' ? key : undefined });
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(body === undefined ? '' : JSON.stringify(body));
      };
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (req.method !== 'POST' || path !== '/api/events') return answer(404, { error: { code: 'NotFound', message: 'POST /api/events only' } });
      if (down) return answer(503, { error: { code: 'ServiceUnavailable', message: 'receiver is down' } });
      if (failuresLeft > 0) {
        failuresLeft--;
        return answer(503, { error: { code: 'ServiceUnavailable', message: 'failing on purpose' } });
      }
      if (!contentType?.startsWith('application/cloudevents-batch+json')) {
        return answer(415, { error: { code: 'UnsupportedMediaType', message: `expected application/cloudevents-batch+json, got ${contentType ?? 'none'}` } });
      }
      let batch: unknown;
      try {
        batch = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return answer(400, { error: { code: 'BadRequest', message: 'body is not JSON' } });
      }
      if (!Array.isArray(batch)) return answer(400, { error: { code: 'BadRequest', message: 'body is not a JSON array' } });
      const valid = batch.every((e: unknown) => {
        const event = e as Partial<ReceivedCloudEvent> | null;
        return !!event && event.specversion === '1.0' && typeof event.id === 'string' && typeof event.type === 'string' && typeof event.source === 'string';
      });
      if (!valid) return answer(400, { error: { code: 'BadRequest', message: 'every event needs specversion 1.0, id, type, source' } });
      events.push(...(batch as ReceivedCloudEvent[]));
      answer(200);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/api/events`,
    events,
    requests,
    setDown(value: boolean) {
      down = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
