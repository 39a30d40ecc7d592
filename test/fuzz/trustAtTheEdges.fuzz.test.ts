/* eslint-disable no-control-regex -- control characters are what these tests hunt for */
/**
 * Fuzzing of issue 12's edges, each with counters proving the hostile cases reached the code under test:
 * approvals under hostile principals and ring names, oversized HTTP bodies and ids, oversized event fields, and
 * hostile names in the plan table.
 */
import { HttpRequest } from '@azure/functions';
import fc from 'fast-check';
import stringWidth from 'string-width';
import { EVENT_LIMITS, parseClusterEvent } from '../../src/azure/eventGrid/clusterEvents';
import { planTable } from '../../src/cli/planTable';
import type { ApproverPolicy } from '../../src/domain/approval';
import type { Decision, FleetSnapshot } from '../../src/domain/model';
import { summarize } from '../../src/domain/plan';
import { defaultPolicy } from '../../src/domain/policySchema';
import { approveRoute, reconcileRoute } from '../../src/functions/httpRollouts';
import { handleClusterEvent } from '../../src/functions/onClusterEvent';
import type { HandlerDeps } from '../../src/host/durableStarter';
import { CLIENT_PRINCIPAL_HEADER } from '../../src/host/principal';
import { principalOfClaims } from '../../src/azure/entra/entraTokenVerifier';
import type { CallerVerifier } from '../../src/domain/ports';
import { MAX_BODY_BYTES, MAX_INSTANCE_ID } from '../../src/host/requestLimits';
import type { RolloutStarter } from '../../src/host/rolloutContracts';
import { clientPrincipalHeader } from '../support/clientPrincipal';
import { fakeWorld, sampleCatalog } from '../../simulator/world/fakePorts';
import { IN_SCOPE_SUB } from './hostileIds';

const SEED = 1212;
const NOW = new Date('2024-05-01T10:00:00.000Z');
const LIVE = `/subscriptions/${IN_SCOPE_SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-1`;
const RINGS = ['canary', 'prod', 'default'];
const APPROVAL_RINGS = ['canary', 'prod'];
const ROLE = 'Rollout.Approver';
const GROUP = '6f1c2f0e-0000-4000-8000-000000000001';

/**
 * Tokens the fuzz treats as verified: each maps to the claims a verified token would carry (the real verification is
 * test/security/approvalTokens.test.ts, against a local issuer); the caller is read from them as the verifier does.
 */
const issued = new Map<string, Record<string, unknown>>();
const mapVerifier: CallerVerifier = {
  verify: (token) => {
    const claims = issued.get(token);
    const caller = claims ? principalOfClaims(claims) : undefined;
    return Promise.resolve(caller ? { ok: true, caller } : { ok: false, status: 401, problem: 'the token does not verify' });
  },
};

function setup(approvals?: ApproverPolicy, ringIndex = 0) {
  const w = fakeWorld({ clusters: [{ id: LIVE, kubernetesVersion: '1.30.2', location: 'x', tags: {}, extensions: [] }], catalog: sampleCatalog(), policy: defaultPolicy(), scope: { subscriptions: [IN_SCOPE_SUB], managementGroups: [] } });
  const services = { ...w.services, ...(approvals ? { approvals, callerVerifier: mapVerifier } : {}) };
  const calls = { status: 0, raised: [] as unknown[], starts: 0, reads: 0 };
  const reader = w.services.clusters;
  services.clusters = { readCluster: (id) => (calls.reads++, reader.readCluster(id)) };
  const starter: RolloutStarter = {
    start: () => (calls.starts++, Promise.resolve('started' as const)),
    status: (instanceId) => {
      calls.status++;
      return Promise.resolve({ instanceId, runtimeStatus: 'Running' as const, input: { rolloutId: 'fleet-1', dryRun: false }, customStatus: { state: 'waiting-approval', ringIndex, ringNames: RINGS, approvalRings: APPROVAL_RINGS } });
    },
    raiseApproval: (_id, event) => (calls.raised.push(event), Promise.resolve(true)),
  };
  const deps: HandlerDeps = { services: () => services, starter, now: () => NOW, log: { info: () => undefined, warn: () => undefined, error: () => undefined } };
  return { w, deps, calls };
}

const approve = (body: string, headers: Record<string, string>, id = 'fleet-rollout') =>
  new HttpRequest({ method: 'POST', url: 'http://localhost/api/rollouts/x/approve', params: { id }, headers, body: { string: body } });

type PrincipalCase = { kind: 'none' } | { kind: 'garbage'; header: string } | { kind: 'forged'; header: string } | { kind: 'valid'; token: string; allowed: boolean };
const claimText = fc.string({ unit: 'binary', minLength: 1, maxLength: 30 });
const principalCase: fc.Arbitrary<PrincipalCase> = fc.oneof(
  fc.constant<PrincipalCase>({ kind: 'none' }),
  fc
    .oneof(fc.string({ maxLength: 50 }), fc.base64String({ maxLength: 80 }).map((t) => `Bearer ${t}`), fc.constant(`Bearer ${'A'.repeat(20_000)}`))
    .filter((h) => h.trim() !== '')
    .map((header): PrincipalCase => ({ kind: 'garbage', header })),
  // x-ms-client-principal as App Service authentication would write it, approver role included: never believed
  fc.record({ name: claimText, roles: fc.constant<string[]>([ROLE]) }).map((p): PrincipalCase => ({ kind: 'forged', header: clientPrincipalHeader(p) })),
  fc
    .record({ name: claimText.filter((n) => n.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim() !== ''), roles: fc.array(fc.oneof(fc.constant(ROLE), fc.constant(ROLE.toUpperCase()), claimText), { maxLength: 3 }), groups: fc.array(fc.oneof(fc.constant(GROUP), claimText), { maxLength: 2 }) })
    .map((p): PrincipalCase => {
      const token = `t${issued.size}`;
      issued.set(token, { preferred_username: p.name, roles: p.roles, groups: p.groups });
      return { kind: 'valid', token, allowed: p.roles.some((r) => r.toLowerCase() === ROLE.toLowerCase()) || p.groups.includes(GROUP) };
    }),
);
const ringName = fc.oneof(fc.constantFrom(...RINGS, 'PROD', 'Canary', 'prd', 'canary '), fc.string({ minLength: 1, maxLength: 20 }));

describe('approvals under fuzzing (authentication required, approver role or group)', () => {
  it('202 only for an allowed principal and a ring waiting or ahead; 401/403/400 otherwise; an approved row only on 202', async () => {
    const seen = { accepted: 0, noPrincipal: 0, garbage: 0, forged: 0, forbidden: 0, badRing: 0 };
    await fc.assert(
      fc.asyncProperty(principalCase, ringName, fc.constantFrom(0, 1), async (p, ring, ringIndex) => {
        const t = setup({ requireAuthentication: true, roles: [ROLE], groups: [GROUP] }, ringIndex);
        const headers: Record<string, string> =
          p.kind === 'none' ? {} : p.kind === 'garbage' ? { authorization: p.header } : p.kind === 'forged' ? { [CLIENT_PRINCIPAL_HEADER]: p.header } : { authorization: `Bearer ${p.token}` };
        const res = await approveRoute(approve(JSON.stringify({ ring, approvedBy: 'mallory' }), headers), t.deps);
        const trimmed = ring.trim().toLowerCase();
        const index = RINGS.indexOf(trimmed);
        const ringOk = index >= ringIndex && APPROVAL_RINGS.includes(trimmed) && trimmed.length <= 128;
        const bodyOk = ring.trim().length >= 1 && ring.trim().length <= 128;
        if (!bodyOk) expect(res.status).toBe(400); // the body is checked first: a ring that is blank or too long
        else if (p.kind === 'none') {
          seen.noPrincipal++;
          expect(res.status).toBe(401);
        } else if (p.kind === 'garbage') {
          seen.garbage++;
          expect(res.status).toBe(401);
        } else if (p.kind === 'forged') {
          seen.forged++;
          expect(res.status).toBe(401);
        } else if (!p.allowed) {
          seen.forbidden++;
          expect(res.status).toBe(403);
        } else if (!ringOk) {
          seen.badRing++;
          expect(res.status).toBe(400);
        } else {
          seen.accepted++;
          expect(res.status).toBe(202);
        }
        const rows = t.w.audit.all();
        if (res.status === 202) {
          expect(rows).toEqual([expect.objectContaining({ kind: 'approved', ring: RINGS[index] })]);
          expect(rows[0]?.actor).not.toBe('mallory');
          expect(rows[0]?.actor).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
        } else {
          // refusals of the caller are audited (approval-refused); other refusals (ring, body) write nothing
          expect(rows).toEqual(res.status === 401 || res.status === 403 ? [expect.objectContaining({ kind: 'refused', code: 'approval-refused' })] : []);
          expect(t.calls.raised).toEqual([]);
        }
        if (res.status === 401 || res.status === 403) expect(t.calls.status).toBe(0);
      }),
      { seed: SEED, numRuns: 1500 },
    );
    for (const [kind, n] of Object.entries(seen)) expect([kind, n > 20]).toEqual([kind, true]);
  });
});

describe('HTTP size and id bounds under fuzzing', () => {
  it('bodies over the cap are 413 and route ids over the cap or with other characters 400, before any lookup or start', async () => {
    const seen = { tooLarge: 0, badId: 0, passed: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: MAX_BODY_BYTES - 64, max: MAX_BODY_BYTES * 3 }),
        fc.oneof(fc.constant('fleet-rollout'), fc.string({ maxLength: 20 }), fc.integer({ min: MAX_INSTANCE_ID - 2, max: MAX_INSTANCE_ID * 4 }).map((n) => 'r'.repeat(n))),
        fc.boolean(),
        async (size, id, reconcile) => {
          const t = setup();
          const filler = 'x'.repeat(Math.max(0, size - 40));
          const body = reconcile ? JSON.stringify({ clusterId: `${LIVE}${filler}` }) : JSON.stringify({ ring: 'prod', approvedBy: filler });
          const bytes = Buffer.byteLength(body);
          const res = reconcile
            ? await reconcileRoute(new HttpRequest({ method: 'POST', url: 'http://localhost/api/reconcile', body: { string: body } }), t.deps)
            : await approveRoute(approve(body, {}, id), t.deps);
          const idOk = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/.test(id.trim()) && id.trim().length <= MAX_INSTANCE_ID;
          if (!reconcile && !idOk) {
            seen.badId++;
            expect(res.status).toBe(400);
          } else if (bytes > MAX_BODY_BYTES) {
            seen.tooLarge++;
            expect(res.status).toBe(413);
          } else seen.passed++;
          if (res.status === 400 || res.status === 413) {
            expect([t.calls.status, t.calls.starts, t.calls.reads]).toEqual([0, 0, 0]);
          }
        },
      ),
      { seed: SEED + 1, numRuns: 300 },
    );
    expect(seen.tooLarge).toBeGreaterThan(20);
    expect(seen.badId).toBeGreaterThan(20);
    expect(seen.passed).toBeGreaterThan(5);
  });
});

describe('event field bounds under fuzzing', () => {
  const event = (clusterId: string) => ({
    id: 'evt-1',
    topic: clusterId,
    subject: 'aks-1',
    eventType: 'Microsoft.ContainerService.NodePoolRollingSucceeded',
    eventTime: '2024-05-01T10:00:00Z',
    data: { nodePoolName: 'system' },
    dataVersion: '1',
    metadataVersion: '1',
  });
  const FIELDS: [string, number, (e: Record<string, unknown>, v: string) => void][] = [
    ['id', EVENT_LIMITS.id, (e, v) => void (e.id = v)],
    ['eventType', EVENT_LIMITS.type, (e, v) => void (e.eventType = v)],
    ['subject', EVENT_LIMITS.resourceId, (e, v) => void (e.subject = v)],
    ['topic', EVENT_LIMITS.resourceId, (e, v) => void (e.topic = `${LIVE}${v}`)],
    ['eventTime', EVENT_LIMITS.text, (e, v) => void (e.eventTime = v)],
    ['data.nodePoolName', EVENT_LIMITS.text, (e, v) => void ((e.data as Record<string, unknown>).nodePoolName = v)],
  ];

  it('an oversized field is dropped as event-malformed before any read, start or audit row; the log carries a clipped id', async () => {
    const hits = new Map<string, number>(FIELDS.map(([f]) => [f, 0]));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...FIELDS), fc.integer({ min: 1, max: 120_000 }), fc.constantFrom('a', 'é', '/', '日'), async ([field, limit, set], extra, ch) => {
        const raw = event(LIVE) as Record<string, unknown>;
        set(raw, ch.repeat(limit + extra));
        const parsed = parseClusterEvent(raw);
        expect(parsed.ok).toBe(false);
        if (!parsed.ok) {
          expect(parsed.rejection.reason).toBe('malformed');
          expect(parsed.rejection.detail).toMatch(/at most \d+ characters/);
          expect((parsed.rejection.eventId ?? '').length).toBeLessThanOrEqual(EVENT_LIMITS.id + 40);
        }
        const w = fakeWorld({ clusters: [{ id: LIVE, kubernetesVersion: '1.30.2', location: 'x', tags: {}, extensions: [] }], catalog: sampleCatalog(), policy: defaultPolicy(), scope: { subscriptions: [IN_SCOPE_SUB], managementGroups: [] } });
        let reads = 0;
        let starts = 0;
        const logged: string[] = [];
        const reader = w.services.clusters;
        w.services.clusters = { readCluster: (id) => (reads++, reader.readCluster(id)) };
        const deps: HandlerDeps = {
          services: () => w.services,
          starter: { start: () => (starts++, Promise.resolve('started' as const)), status: (instanceId) => Promise.resolve({ instanceId, runtimeStatus: 'NotFound' as const }), raiseApproval: () => Promise.resolve(false) },
          now: () => NOW,
          log: { info: () => undefined, warn: (_m, meta) => void logged.push(JSON.stringify(meta)), error: () => undefined },
        };
        const out = await handleClusterEvent(raw, deps);
        expect(out).toMatchObject({ action: 'dropped', code: 'event-malformed' });
        expect([reads, starts, w.audit.all().length]).toEqual([0, 0, 0]);
        expect(logged.join('').length).toBeLessThan(4000);
        hits.set(field, (hits.get(field) ?? 0) + 1);
      }),
      { seed: SEED + 2, numRuns: 300 },
    );
    for (const [field, n] of hits) expect([field, n > 10]).toEqual([field, true]);
  });

  it('each field at exactly its limit still parses (the bounds do not refuse real events)', () => {
    for (const [field, limit, set] of FIELDS) {
      if (field === 'topic') continue; // the topic must stay a cluster id
      const raw = event(LIVE) as Record<string, unknown>;
      set(raw, 'a'.repeat(limit));
      const parsed = parseClusterEvent(raw);
      // an event type of 256 a's is not a consumed type: refused as unsupported, not as malformed
      expect([field, parsed.ok || parsed.rejection.reason]).toEqual([field, field === 'eventType' ? 'unsupported-type' : true]);
    }
  });
});

describe('plan table under fuzzing: hostile names', () => {
  it('never prints a control character and keeps every line within 120 display columns', () => {
    let controls = 0;
    let wide = 0;
    const name = fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom('\u001b]0;x\u0007', '\u001b[2J', '日本語の名前', '👩‍👩‍👧🚀', '\u202eevil'));
    fc.assert(
      fc.property(fc.array(name, { minLength: 1, maxLength: 6 }), name, (names, clusterName) => {
        const clusterId = `/subscriptions/${IN_SCOPE_SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/${clusterName}`;
        const snapshot: FleetSnapshot = { clusters: [{ id: clusterId, kubernetesVersion: '1.30.2', tags: {}, extensions: [] }] };
        const decisions: Decision[] = names.map((n) => ({ clusterId, extensionName: n, extensionType: n, action: 'upgrade', from: '1.0.0', to: n, moveKind: 'patch', path: [n, n], code: 'patch-available', reason: n }));
        const all = [...names, clusterName].join('');
        if (/[\u0000-\u001f\u007f-\u009f]/.test(all)) controls++;
        if (stringWidth(all) > all.length) wide++;
        const out = planTable(snapshot, decisions, summarize(snapshot, decisions));
        expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
        for (const line of out.split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(120);
      }),
      { seed: SEED + 3, numRuns: 500 },
    );
    expect(controls).toBeGreaterThan(20);
    expect(wide).toBeGreaterThan(20);
  });
});
