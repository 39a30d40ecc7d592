/**
 * Whether an approval means something: the rules that decide, from a rollout's runtime status, input and custom
 * status, if `POST /api/rollouts/{id}/approve {ring}` is accepted. Pure: the HTTP route maps each verdict to a status.
 */

/** What the approval rules read of a rollout instance (the durable client's status, untrusted shapes). */
export interface ApprovalTarget {
  runtimeStatus: string;
  input?: unknown;
  customStatus?: unknown;
}

/** Why an approval is refused, or that it is accepted (with the ring's name as the rollout spells it). */
export type ApprovalVerdict =
  | { verdict: 'accepted'; ring: string; ahead: boolean }
  | { verdict: 'unknown-rollout'; problem: string }
  | { verdict: 'not-waiting'; problem: string }
  | { verdict: 'bad-ring'; problem: string };

/** The custom status fields of a fleet rollout the rules read (see fleetRollout's setCustomStatus). */
interface FleetStatusView {
  state?: unknown;
  ringIndex?: unknown;
  ringNames?: unknown;
  approvalRings?: unknown;
}

const strings = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((s) => typeof s === 'string') ? v : undefined);
const record = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});

/**
 * Judges an approval of `ring` for `target`: unknown rollout; not waiting (finished, halted, dry run, a cluster
 * rollout, rings not planned yet); a ring the rollout does not have, that asks for no approval, or that is past;
 * else accepted (`ahead` when the ring's turn has not come yet). Ring names compare case-insensitively.
 */
export function judgeApproval(target: ApprovalTarget, ring: string): ApprovalVerdict {
  if (target.runtimeStatus === 'NotFound') return { verdict: 'unknown-rollout', problem: 'no rollout with this instance id' };
  // a fleet rollout between two executions (continue-as-new) is as alive as a running one
  if (target.runtimeStatus !== 'Running' && target.runtimeStatus !== 'Pending' && target.runtimeStatus !== 'ContinuedAsNew') {
    return { verdict: 'not-waiting', problem: `the rollout is ${target.runtimeStatus}: nothing waits for an approval` };
  }
  const input = record(target.input);
  if (input.dryRun === true) return { verdict: 'not-waiting', problem: 'the rollout is a dry run: it asks for no approval' };
  if (typeof input.clusterId === 'string') return { verdict: 'not-waiting', problem: 'a single-cluster rollout asks for no approval' };
  const status = record(target.customStatus) as FleetStatusView;
  if (status.state === 'halted' || status.state === 'completed' || status.state === 'completed-with-failures') return { verdict: 'not-waiting', problem: `the rollout is ${status.state}: nothing waits for an approval` };
  const names = strings(status.ringNames);
  if (names === undefined) return { verdict: 'not-waiting', problem: 'the rollout has not planned its rings yet: try again in a moment' };
  const index = names.findIndex((n) => n.toLowerCase() === ring.toLowerCase());
  if (index < 0) return { verdict: 'bad-ring', problem: `the rollout has no ring "${ring}"; its rings: ${names.length ? names.join(', ') : '(none)'}` };
  const name = names[index] as string;
  const approvalRings = strings(status.approvalRings) ?? names;
  if (!approvalRings.some((n) => n.toLowerCase() === name.toLowerCase())) return { verdict: 'bad-ring', problem: `ring "${name}" asks for no approval` };
  const current = typeof status.ringIndex === 'number' ? status.ringIndex : 0;
  const waitingHere = status.state === 'waiting-approval' || status.state === 'planning';
  if (index < current || (index === current && !waitingHere)) return { verdict: 'bad-ring', problem: `ring "${name}" is already past its approval` };
  return { verdict: 'accepted', ring: name, ahead: index > current };
}

/** Who may approve (app settings): authentication required or off, and the app roles or groups allowed. */
export interface ApproverPolicy {
  /** True: a caller the app has verified itself (a Microsoft Entra ID token) is required. False: local runs, a claimed name. */
  requireAuthentication: boolean;
  /** App role values (the `roles` claim) that may approve. */
  roles: string[];
  /** Group object ids (the `groups` claim) that may approve. */
  groups: string[];
}

/** A caller the app has verified (the claims of a Microsoft Entra ID token whose signature, issuer and audience it checked). */
export interface Principal {
  /** The identity provider (`aad` for Microsoft Entra ID). */
  identityProvider: string;
  name: string;
  /** The Entra object id (`oid`), when the token carries one. */
  objectId?: string;
  roles: string[];
  groups: string[];
}

/** Prefix of an approver recorded from an unauthenticated claim (authentication off). */
export const UNAUTHENTICATED_PREFIX = 'unauthenticated:';

/** Who approves, or why not: 401 no verified caller, 403 not in an allowed role or group (or nobody may approve), 503 the keys are unreadable. */
export type ApproverVerdict = { ok: true; approvedBy: string; authenticated: boolean } | { ok: false; status: 401 | 403 | 503; problem: string; caller?: string };

/**
 * Decides who approves. Authentication required: a verified caller is needed (401) with one of the allowed roles or
 * groups (403; none configured refuses everyone). Authentication off: nothing is verified, so whoever the request
 * names — the body's claimed name — is recorded as `unauthenticated:<name>`, even when a principal is passed.
 */
export function authorizeApprover(policy: ApproverPolicy, principal: Principal | undefined, claimed: string | undefined): ApproverVerdict {
  if (!policy.requireAuthentication) return { ok: true, approvedBy: `${UNAUTHENTICATED_PREFIX}${claimed ?? 'unknown'}`, authenticated: false };
  if (principal === undefined) return { ok: false, status: 401, problem: 'approvals need a verified caller: send a Microsoft Entra ID access token (Authorization: Bearer)' };
  if (policy.roles.length === 0 && policy.groups.length === 0) return { ok: false, status: 403, problem: 'no approver role or group is configured: nobody may approve', caller: principal.name };
  const roles = new Set(principal.roles.map((r) => r.toLowerCase()));
  const groups = new Set(principal.groups.map((g) => g.toLowerCase()));
  const allowed = policy.roles.some((r) => roles.has(r.toLowerCase())) || policy.groups.some((g) => groups.has(g.toLowerCase()));
  if (!allowed) return { ok: false, status: 403, problem: `${principal.name} has none of the approver roles or groups`, caller: principal.name };
  return { ok: true, approvedBy: principal.name, authenticated: true };
}
