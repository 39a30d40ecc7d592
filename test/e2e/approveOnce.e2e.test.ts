/**
 * One approval, once (issue 22): eight concurrent approvals of the ring a real fleet rollout waits on (durable replay
 * engine, audit log in Azurite) give exactly one 202; the seven others are 409 naming who approved. The audit log holds
 * one `approved` row in one wording, and the status page's rollouts answer stops offering Approve at once.
 */
import { HttpRequest } from '@azure/functions';
import { approvalReason } from '../../src/domain/auditRows';
import { approveRoute } from '../../src/functions/httpRollouts';
import { uiRolloutsRoute } from '../../src/functions/httpUi';
import { FLEET_ROLLOUT_INSTANCE_ID } from '../../src/host/rolloutContracts';
import { generateFleet } from '../../simulator/fleetGenerator';
import { DEFAULT_WORLD_POLICY, startE2eWorld, type E2eWorld } from '../../simulator/world/e2eWorld';
import { stageApprovalRollout } from '../../demo/approvalAct';

const approve = (by: string, ring: string): HttpRequest =>
  new HttpRequest({
    method: 'POST',
    url: `http://localhost:7071/api/rollouts/${FLEET_ROLLOUT_INSTANCE_ID}/approve`,
    headers: { 'content-type': 'application/json' },
    params: { id: FLEET_ROLLOUT_INSTANCE_ID },
    body: { string: JSON.stringify({ ring, approvedBy: by }) },
  });

describe('eight people press Approve at once', () => {
  let world: E2eWorld;
  beforeAll(async () => {
    world = await startE2eWorld({ fleet: generateFleet({ clusters: 30, subscriptions: 2, seed: 2024, extensionsPerCluster: [2, 4] }), policy: { ...DEFAULT_WORLD_POLICY, stepMinors: true }, now: new Date('2025-03-01T08:00:00Z') });
  });
  afterAll(() => world?.close());

  it('exactly one is accepted; the others are 409 naming the approver; one approved row, one wording; the page updates at once', async () => {
    const act = await stageApprovalRollout(world, { perRing: 2 });
    // drive the rollout (bakes pass on the virtual clock) until it waits for the approval
    for (let i = 0; i < 50; i++) {
      const status = await world.deps.starter.status(FLEET_ROLLOUT_INSTANCE_ID);
      if ((status.customStatus as { state?: string } | undefined)?.state === 'waiting-approval') break;
      world.harness.advanceClock(new Date(world.harness.now.getTime() + 30 * 60_000));
      await world.harness.runUntilIdle({ timersDueBy: world.harness.now });
    }
    const before = (await uiRolloutsRoute(new HttpRequest({ method: 'GET', url: 'http://localhost:7071/api/ui/rollouts' }), world.deps)).jsonBody as { rollouts: Array<{ approval?: { ring: string } }> };
    expect(before.rollouts[0]?.approval?.ring).toBe(act.approvalRing);

    const people = Array.from({ length: 8 }, (_, i) => `person-${i}`);
    const answers = await Promise.all(people.map((p) => approveRoute(approve(p, act.approvalRing), world.deps)));
    const accepted = answers.filter((a) => a.status === 202);
    expect(accepted).toHaveLength(1);
    const winner = (accepted[0]!.jsonBody as { approvedBy: string }).approvedBy;
    const refused = answers.filter((a) => a.status !== 202);
    expect(refused.map((a) => a.status)).toEqual(Array(7).fill(409));
    for (const a of refused) expect((a.jsonBody as { error: { problem: string } }).error.problem).toContain(`already approved by ${winner}`);

    // the page, before the rollout has taken the event in: no Approve button, who approved instead
    const after = (await uiRolloutsRoute(new HttpRequest({ method: 'GET', url: 'http://localhost:7071/api/ui/rollouts' }), world.deps)).jsonBody as { rollouts: Array<{ approval?: unknown; approved?: { by: string } }> };
    expect(after.rollouts[0]?.approval).toBeUndefined();
    expect(after.rollouts[0]?.approved?.by).toBe(winner);

    await world.harness.runUntilIdle({ timersDueBy: world.harness.now });
    const approved = (await world.audit({ rolloutId: act.rolloutId })).filter((r) => r.kind === 'approved');
    expect(approved).toEqual([expect.objectContaining({ ring: act.approvalRing, actor: winner, reason: approvalReason(act.approvalRing, winner) })]);
  });
});
