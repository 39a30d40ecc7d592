/**
 * ADAPTER azure/eventGrid — Event Grid both ways: out, notifications published as CloudEvents (this file → port
 * Notifier); in, the cluster events the event trigger receives, parsed into a typed ClusterEvent (clusterEvents.ts, used
 * by functions/onClusterEvent.ts).
 *
 * Publishes notifications as CloudEvents 1.0 to an Event Grid topic. Never throws for a topic that is down: after its
 * retries it reports the events as undelivered. Bearer tokens are refused over plain http by the Azure SDK, so an http
 * endpoint (a local receiver) needs an AzureKeyCredential (sent as `aeg-sas-key`); Azure topics are https.
 */
import { AzureKeyCredential, isTokenCredential, type TokenCredential } from '@azure/core-auth';
import { EventGridPublisherClient, type SendCloudEventInput } from '@azure/eventgrid';
import { DefaultAzureCredential } from '@azure/identity';
import { errorMessage, InputError } from '../../domain/inputError';
import type { Notification, Notifier, PublishResult } from '../../domain/ports';
import { isTransientOrUnanswered, withRetries } from '../shared/retry';
import { sizedBatches } from '../shared/sizedBatches';
import { writeFailed } from '../../telemetry/metrics';

/** The CloudEvents `source` of every notification. */
export const NOTIFICATION_SOURCE = '/k8s-extension-reconciler';

/** Retry and transport options of the notifier. */
export interface EventGridNotifierOptions {
  /** Attempts after the first, per batch; default 3. */
  retries?: number;
  /** First backoff in ms, doubled per attempt; default 500. */
  retryDelayMs?: number;
  /** Allow plain http; default true only for 127.0.0.1/localhost endpoints. */
  allowInsecureConnection?: boolean;
}

const MAX_BATCH_BYTES = 900 * 1024; // Event Grid accepts at most 1 MB per request

/** The CloudEvent sent for a notification. */
export function toCloudEvent(n: Notification): SendCloudEventInput<Notification['data']> {
  return { type: n.type, source: NOTIFICATION_SOURCE, subject: n.subject, id: n.id, time: new Date(n.time), datacontenttype: 'application/json', data: n.data };
}

function isLoopback(url: URL): boolean {
  return url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
}

/** Notifier over an Event Grid topic (CloudEvents schema). */
export class EventGridNotifier implements Notifier {
  private readonly client: EventGridPublisherClient<'CloudEvent'>;
  private readonly retries: number;
  private readonly retryDelayMs: number;

  /** Throws InputError for an endpoint that is not a URL, or an http endpoint with a token credential. */
  constructor(topicEndpoint: string, credential: TokenCredential | AzureKeyCredential, options: EventGridNotifierOptions = {}) {
    let url: URL;
    try {
      url = new URL(topicEndpoint);
    } catch (cause) {
      throw new InputError('notification topic endpoint', '$', `not a URL: ${topicEndpoint}`, { cause });
    }
    const insecure = url.protocol === 'http:';
    if (insecure && isTokenCredential(credential)) {
      throw new InputError('notification topic endpoint', '$', 'bearer tokens are refused over plain http: use https or an access key');
    }
    this.retries = options.retries ?? 3;
    this.retryDelayMs = options.retryDelayMs ?? 500;
    this.client = new EventGridPublisherClient(topicEndpoint, 'CloudEvent', credential, {
      allowInsecureConnection: options.allowInsecureConnection ?? (insecure && isLoopback(url)),
      retryOptions: { maxRetries: 0 }, // retries are ours, so a down topic costs a known number of attempts
    });
  }

  /** Sends the events in batches of < 1 MB; reports how many were delivered and how many were not. */
  async publish(events: Notification[]): Promise<PublishResult> {
    let delivered = 0;
    let undelivered = 0;
    let lastError: string | undefined;
    for (const batch of sizedBatches(events, { maxBytes: MAX_BATCH_BYTES, overheadBytes: 256 })) {
      const error = await this.sendWithRetry(batch);
      if (error === undefined) delivered += batch.length;
      else {
        undelivered += batch.length;
        lastError = error;
      }
    }
    writeFailed('notification', undelivered);
    const result: PublishResult = { delivered, undelivered, skipped: false };
    if (lastError !== undefined) result.error = lastError;
    return result;
  }

  /** Sends one batch through the shared retry loop; the last error as text when it was not delivered. */
  private async sendWithRetry(batch: Notification[]): Promise<string | undefined> {
    try {
      await withRetries(() => this.client.send(batch.map(toCloudEvent)), { maxRetries: this.retries, baseDelayMs: this.retryDelayMs, maxDelayMs: 10_000, isRetryable: isTransientOrUnanswered });
      return undefined;
    } catch (error) {
      const status = (error as { statusCode?: unknown }).statusCode;
      const message = errorMessage(error);
      return typeof status === 'number' ? `${status}: ${message}` : message;
    }
  }
}

/** The notifier used when no topic is configured: publishes nothing and says so. */
export class NullNotifier implements Notifier {
  /** Reports every call as skipped. */
  publish(): Promise<PublishResult> {
    return Promise.resolve({ delivered: 0, undelivered: 0, skipped: true });
  }
}

/** An EventGridNotifier for `topicEndpoint` (key if given, else the token credential, else DefaultAzureCredential), or a NullNotifier when unset. */
export function createNotifier(options: { topicEndpoint?: string; key?: string; credential?: TokenCredential } & EventGridNotifierOptions): Notifier {
  if (!options.topicEndpoint) return new NullNotifier();
  const credential = options.key ? new AzureKeyCredential(options.key) : (options.credential ?? new DefaultAzureCredential());
  return new EventGridNotifier(options.topicEndpoint, credential, options);
}
