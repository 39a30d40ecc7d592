import { AzureKeyCredential } from '@azure/core-auth';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { createNotifier, EventGridNotifier, NOTIFICATION_SOURCE, NullNotifier } from '../../../src/azure/eventGrid/eventGridNotifier';
import { isInputError } from '../../../src/domain/inputError';
import type { Notification } from '../../../src/domain/ports';
import { startCloudEventsReceiver, type CloudEventsReceiver } from '../../../simulator/world/cloudEventsReceiver';

const CLUSTER = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1';

function notification(i: number): Notification {
  return {
    id: `evt-${i}`,
    type: 'K8sExtensionReconciler.ExtensionUpgradeSucceeded',
    subject: CLUSTER,
    time: '2025-01-01T00:00:00.000Z',
    data: { rolloutId: 'fleet-1', code: 'applied', extensionName: 'flux', from: '1.0.0', to: '1.0.1' },
  };
}

const fakeToken: TokenCredential = { getToken: (): Promise<AccessToken> => Promise.resolve({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }) };

describe('EventGridNotifier against a local CloudEvents receiver', () => {
  let receiver: CloudEventsReceiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  it('delivers CloudEvents 1.0 with the envelope fields and the access key', async () => {
    receiver = await startCloudEventsReceiver();
    const notifier = new EventGridNotifier(receiver.endpoint, new AzureKeyCredential('local-key'), { retryDelayMs: 1 });

    const result = await notifier.publish([notification(1), notification(2)]);

    expect(result).toEqual({ delivered: 2, undelivered: 0, skipped: false });
    expect(receiver.events).toHaveLength(2);
    expect(receiver.events[0]).toMatchObject({
      specversion: '1.0',
      id: 'evt-1',
      type: 'K8sExtensionReconciler.ExtensionUpgradeSucceeded',
      source: NOTIFICATION_SOURCE,
      subject: CLUSTER,
      datacontenttype: 'application/json',
      data: { rolloutId: 'fleet-1', code: 'applied', extensionName: 'flux', from: '1.0.0', to: '1.0.1' },
    });
    expect(new Date(receiver.events[0]!.time!).toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(receiver.requests[0]).toMatchObject({ status: 200, key: 'local-key' });
    expect(receiver.requests[0]!.contentType).toMatch(/^application\/cloudevents-batch\+json/);
  });

  it('retries a failing topic and delivers once it recovers', async () => {
    receiver = await startCloudEventsReceiver({ failFirst: 2 });
    const notifier = new EventGridNotifier(receiver.endpoint, new AzureKeyCredential('k'), { retries: 3, retryDelayMs: 1 });

    const result = await notifier.publish([notification(1)]);

    expect(result).toEqual({ delivered: 1, undelivered: 0, skipped: false });
    expect(receiver.requests.map((r) => r.status)).toEqual([503, 503, 200]);
    expect(receiver.events.map((e) => e.id)).toEqual(['evt-1']);
  });

  it('reports undelivered events, without throwing, when the topic stays down', async () => {
    receiver = await startCloudEventsReceiver({ down: true });
    const notifier = new EventGridNotifier(receiver.endpoint, new AzureKeyCredential('k'), { retries: 2, retryDelayMs: 1 });

    const result = await notifier.publish([notification(1), notification(2), notification(3)]);

    expect(result).toMatchObject({ delivered: 0, undelivered: 3, skipped: false });
    expect(result.error).toMatch(/503/);
    expect(receiver.requests).toHaveLength(3);
    receiver.setDown(false);
    expect(await notifier.publish([notification(4)])).toEqual({ delivered: 1, undelivered: 0, skipped: false });
  });

  it('reports undelivered events when nothing listens (connection refused)', async () => {
    const closed = await startCloudEventsReceiver();
    await closed.close();
    const notifier = new EventGridNotifier(closed.endpoint, new AzureKeyCredential('k'), { retries: 1, retryDelayMs: 1 });

    const result = await notifier.publish([notification(1)]);

    expect(result).toMatchObject({ delivered: 0, undelivered: 1, skipped: false });
    expect(result.error).toBeTruthy();
  });

  it('refuses a token credential over plain http (the SDK would never send the bearer token)', () => {
    let thrown: unknown;
    try {
      new EventGridNotifier('http://127.0.0.1:1/api/events', fakeToken);
    } catch (error) {
      thrown = error;
    }
    expect(isInputError(thrown)).toBe(true);
    expect(() => new EventGridNotifier('not a url', new AzureKeyCredential('k'))).toThrow(/not a URL/);
  });

  it('skips publishing when no topic is configured', async () => {
    expect(await new NullNotifier().publish()).toEqual({ delivered: 0, undelivered: 0, skipped: true });
    expect(createNotifier({})).toBeInstanceOf(NullNotifier);
    expect(createNotifier({ topicEndpoint: 'https://topic.example/api/events', credential: fakeToken })).toBeInstanceOf(EventGridNotifier);
  });
});
