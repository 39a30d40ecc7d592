/**
 * The domain's small pieces outside the planner: the reason-code vocabulary (as DESIGN lists it), trigger labels, audit
 * row builders, input errors, JSON text and the policy file's defaults. Expected values come from DESIGN and the README.
 */
import { levelRow, moveRow, notification } from '../../src/domain/auditRows';
import { InputError, errorMessage, isInputError, jsonPath } from '../../src/domain/inputError';
import type { Decision } from '../../src/domain/model';
import { PROVISIONING_STATES } from '../../src/domain/model';
import { NOTIFICATION_TYPES } from '../../src/domain/ports';
import { DECISION_CODES, ROLLOUT_CODES, isReasonCode } from '../../src/domain/reasonCodes';
import { triggerLabel } from '../../src/domain/rolloutTrigger';
import { defaultPolicy, parsePolicy } from '../../src/domain/schemas/policySchema';
import { parseSnapshot } from '../../src/domain/schemas/snapshotSchema';
import { parseJsonText } from '../../src/domain/schemas/zodInput';

describe('reason codes: the vocabulary DESIGN documents, and nothing else', () => {
  const DESIGN_DECISIONS = [
    'system-extension', 'not-managed', 'not-in-catalog', 'invalid-kubernetes-version', 'invalid-version', 'operation-in-progress', 'platform-auto-upgrade', 'held-by-policy',
    'patch-available', 'kubernetes-minor-upgraded', 'restore-compatibility', 'incompatible-no-allowed-version', 'minor-waits-for-kubernetes-upgrade', 'up-to-date',
    'managed-extension', 'cluster-offline', 'release-too-young', 'step-path-gap', 'major-not-allowed', 'excluded-by-constraint', 'installed-version-not-in-catalog',
    // issue 15: a version that failed on a cluster is held fleet-wide until a person clears it
    'held-after-failure',
  ];
  it('decision codes are exactly the documented ones', () => {
    expect([...DECISION_CODES].sort()).toEqual([...DESIGN_DECISIONS].sort());
  });
  it('every decision and rollout code is a reason code; other words are not', () => {
    for (const c of [...DESIGN_DECISIONS, 'applied', 'dry-run', 'cluster-stopped', 'rollout-in-flight', 'node-pool-rolling-failed']) expect(isReasonCode(c)).toBe(true);
    expect(ROLLOUT_CODES).toContain('ring-failure-budget-exceeded');
    for (const c of ['', 'Up-To-Date', 'up to date', 'upgrade']) expect(isReasonCode(c)).toBe(false);
  });
  it('the documented notification types and provisioning states', () => {
    expect(NOTIFICATION_TYPES).toEqual(['ExtensionUpgradeSucceeded', 'ExtensionUpgradeFailed', 'RingCompleted', 'RolloutHalted', 'ApprovalRequired', 'RolloutCompleted', 'ExtensionRolledBack', 'NodePoolRollingFailed', 'FleetGateApproved', 'FleetGateHeld'].map((t) => `K8sExtensionReconciler.${t}`));
    expect(PROVISIONING_STATES).toEqual(['Succeeded', 'Failed', 'Canceled', 'Creating', 'Updating', 'Deleting']);
  });
});

describe('triggerLabel', () => {
  it.each([
    [{ kind: 'timer' as const }, 'timer'],
    [{ kind: 'event' as const, eventId: 'e-1', eventType: 't' }, 'event:e-1'],
    [{ kind: 'manual' as const, by: 'ana' }, 'manual:ana'],
    [{ kind: 'manual' as const }, 'manual'],
  ])('%j → %s', (trigger, label) => {
    expect(triggerLabel(trigger)).toBe(label);
  });
});

describe('audit rows', () => {
  const ctx = { rolloutId: 'r-1', trigger: 'timer', at: '2026-01-01T00:00:00Z' };
  const decision: Decision = { clusterId: '/c', extensionName: 'flux', extensionType: 'microsoft.flux', action: 'upgrade', from: '1.0.0', to: '1.2.0', moveKind: 'minor', path: ['1.1.0', '1.2.0'], code: 'kubernetes-minor-upgraded', reason: 'r' };
  it('a level row has no extension and takes the ring of its context unless given', () => {
    expect(levelRow(ctx, 'ring', '/c', 'ring-completed', 'done')).toEqual({ rolloutId: 'r-1', clusterId: '/c', extensionName: '', extensionType: '', kind: 'ring', from: null, to: null, moveKind: null, code: 'ring-completed', reason: 'done', trigger: 'timer', at: ctx.at });
    expect(levelRow({ ...ctx, ring: 'prod' }, 'ring', '/c', 'ring-completed', 'done').ring).toBe('prod');
    expect(levelRow({ ...ctx, ring: 'prod' }, 'ring', '/c', 'ring-completed', 'done', { ring: 'canary', actor: 'ana' })).toMatchObject({ ring: 'canary', actor: 'ana' });
  });
  it('a move row carries the decision, the hop and, when given, the ARM error and ring', () => {
    expect(moveRow(ctx, 'applied', decision, '1.0.0', '1.1.0', 'applied', 'ok')).toEqual({ rolloutId: 'r-1', clusterId: '/c', extensionName: 'flux', extensionType: 'microsoft.flux', kind: 'applied', from: '1.0.0', to: '1.1.0', moveKind: 'minor', code: 'applied', reason: 'ok', trigger: 'timer', at: ctx.at });
    expect(moveRow({ ...ctx, ring: 'prod' }, 'failed', decision, '1.0.0', '1.1.0', 'apply-failed', 'x', 'Conflict: busy')).toMatchObject({ armError: 'Conflict: busy', ring: 'prod' });
  });
  it('a notification is its fields', () => {
    expect(notification('n', 'K8sExtensionReconciler.RingCompleted', 's', 't', { rolloutId: 'r', code: 'ring-completed' })).toEqual({ id: 'n', type: 'K8sExtensionReconciler.RingCompleted', subject: 's', time: 't', data: { rolloutId: 'r', code: 'ring-completed' } });
  });
});

describe('input errors', () => {
  it('name the input, the path and the problem', () => {
    const e = new InputError('fleet.json', '$.clusters[0].id', 'must not be empty');
    expect([e.message, e.name, e.input, e.path, e.problem]).toEqual(['fleet.json: $.clusters[0].id: must not be empty', 'InputError', 'fleet.json', '$.clusters[0].id', 'must not be empty']);
    expect(isInputError(e)).toBe(true);
  });
  it('are recognised across module copies by name and problem, not other errors', () => {
    const copy = Object.assign(new Error('x'), { name: 'InputError', problem: 'p' });
    expect(isInputError(copy)).toBe(true);
    expect(isInputError(Object.assign(new Error('x'), { name: 'InputError' }))).toBe(false);
    expect(isInputError(Object.assign(new Error('x'), { problem: 'p' }))).toBe(false);
    expect(isInputError({ name: 'InputError', problem: 'p' })).toBe(false);
  });
  it('paths quote keys that are not identifiers', () => {
    expect(jsonPath([])).toBe('$');
    expect(jsonPath(['extensionTypes', 'microsoft.flux', 'versions', 0, 'kubernetes', '*', '_a1', '$b', '1a'])).toBe('$.extensionTypes["microsoft.flux"].versions[0].kubernetes["*"]._a1.$b["1a"]');
  });
  it('errorMessage reads Error messages and anything else as text', () => {
    expect(errorMessage(new Error('boom'))).toBe('boom');
    expect(errorMessage('plain')).toBe('plain');
    expect(errorMessage(42)).toBe('42');
  });
  it('JSON text errors name the input', () => {
    expect(parseJsonText('{"a":1}', 'f')).toEqual({ a: 1 });
    expect(() => parseJsonText('{', 'f.json')).toThrow(/^f\.json: \$: not valid JSON \(/);
  });
  it('a schema problem names its path', () => {
    expect(() => parseSnapshot({ clusters: [{ id: '', kubernetesVersion: '1.29' }] }, 'f')).toThrow('f: $.clusters[0].id: id must not be empty');
    expect(() => parseSnapshot({ clusters: [{ id: 'x', kubernetesVersion: 5 }] }, 'f')).toThrow('f: $.clusters[0].kubernetesVersion: kubernetesVersion must be a string');
    expect(parseSnapshot({ clusters: [{ id: 'x', kubernetesVersion: '1.29', extensions: [{ name: 'a', extensionType: 't', version: '1', provisioningState: 'updating' }] }] }, 'f').clusters[0]!.extensions[0]).toEqual({
      name: 'a', extensionType: 't', version: '1', autoUpgradeMinorVersion: false, releaseTrain: 'Stable', provisioningState: 'Updating', isSystemExtension: false,
    });
  });
});

describe('the policy file (README: every field optional, defaults as shown, unknown fields refused)', () => {
  it('an empty file is the default policy', () => {
    expect(parsePolicy({}, 'p')).toEqual(defaultPolicy());
    expect(defaultPolicy()).toEqual({
      allowMajor: true, stepMinors: false, minReleaseAgeDays: 0, holds: [], constraints: [],
      rollout: { ringTag: 'ring', rings: [], defaultRing: { name: 'default', maxParallel: 10, bakeMinutes: 0, maxFailureRatio: 0, requireApproval: false }, approvalTimeoutMinutes: 1440, maintenanceWindows: [], healthCheckTimeoutMinutes: 15, healthCheckIntervalSeconds: 30 },
    });
  });
  it('fills every field given, rings from the default ring, holds with empty tags and ids', () => {
    const window = { days: [6, 0], start: '02:00', durationMinutes: 240 };
    const p = parsePolicy(
      {
        extensionTypes: ['Microsoft.Flux'], allowMajor: false, stepMinors: true, minReleaseAgeDays: 7,
        holds: [{ extensionType: 'microsoft.dapr', reason: 'cert' }, { extensionType: '*', clusterTags: { ring: 'prod' }, clusterIds: ['/c'] }],
        constraints: [{ extensionType: 'microsoft.flux', range: '<2.0.0' }],
        rollout: {
          ringTag: 'wave', approvalTimeoutMinutes: 60, maintenanceWindows: [window], healthCheckTimeoutMinutes: 5, healthCheckIntervalSeconds: 10,
          defaultRing: { name: 'rest', maxParallel: 3, bakeMinutes: 5, maxFailureRatio: 0.5, requireApproval: true },
          rings: [{ name: 'canary', maxParallel: 1 }, { name: 'prod', bakeMinutes: 60, maxFailureRatio: 0.05, requireApproval: false, maintenanceWindows: [window] }],
        },
      },
      'p',
    );
    expect(p).toEqual({
      extensionTypes: ['microsoft.flux'], allowMajor: false, stepMinors: true, minReleaseAgeDays: 7,
      holds: [{ extensionType: 'microsoft.dapr', clusterTags: {}, clusterIds: [], reason: 'cert' }, { extensionType: '*', clusterTags: { ring: 'prod' }, clusterIds: ['/c'] }],
      constraints: [{ extensionType: 'microsoft.flux', range: '<2.0.0' }],
      rollout: {
        ringTag: 'wave', approvalTimeoutMinutes: 60, maintenanceWindows: [window], healthCheckTimeoutMinutes: 5, healthCheckIntervalSeconds: 10,
        defaultRing: { name: 'rest', maxParallel: 3, bakeMinutes: 5, maxFailureRatio: 0.5, requireApproval: true },
        rings: [
          { name: 'canary', maxParallel: 1, bakeMinutes: 5, maxFailureRatio: 0.5, requireApproval: true },
          { name: 'prod', maxParallel: 3, bakeMinutes: 60, maxFailureRatio: 0.05, requireApproval: false, maintenanceWindows: [window] },
        ],
      },
    });
  });
  it('a default ring without a name keeps "default"', () => {
    expect(parsePolicy({ rollout: { defaultRing: { maxParallel: 2 } } }, 'p').rollout.defaultRing).toEqual({ name: 'default', maxParallel: 2, bakeMinutes: 0, maxFailureRatio: 0, requireApproval: false });
  });
  it.each([
    [{ allowMajors: true }, /^p: \$: .*allowMajors/],
    [{ constraints: [{ extensionType: 'x', range: 'newest' }] }, /^p: \$\.constraints\[0\]\.range: not a valid semver range$/],
    [{ rollout: { rings: [{ name: 'a' }, { name: 'A' }] } }, /^p: \$\.rollout\.rings: ring names must be unique$/],
    [{ rollout: { maintenanceWindows: [{ days: [1], start: '24:00', durationMinutes: 60 }] } }, /start: expected "HH:MM" \(UTC, 24 h\)$/],
    [{ rollout: { maintenanceWindows: [{ days: [], start: '23:59', durationMinutes: 60 }] } }, /days: list at least one day/],
    [{ rollout: { maintenanceWindows: [{ days: [7], start: '00:00', durationMinutes: 60 }] } }, /days\[0\]/],
    [{ rollout: { maintenanceWindows: [{ days: [1], start: '00:00', durationMinutes: 7 * 24 * 60 + 1 }] } }, /durationMinutes/],
    [{ rollout: { rings: [{ name: 'a', maxParallel: 1.5 }] } }, /maxParallel: expected an integer$/],
    [{ rollout: { rings: [{ name: 'a', maxFailureRatio: 1.1 }] } }, /maxFailureRatio/],
    [{ minReleaseAgeDays: -1 }, /minReleaseAgeDays/],
    [{ holds: [{ extensionType: '' }] }, /holds\[0\]\.extensionType/],
    [{ rollout: { ringTag: '' } }, /ringTag/],
    [{ rollout: { approvalTimeoutMinutes: 0 } }, /approvalTimeoutMinutes/],
    [{ rollout: { healthCheckIntervalSeconds: 3601 } }, /healthCheckIntervalSeconds/],
  ])('%j is refused: %s', (value, message) => {
    expect(() => parsePolicy(value, 'p')).toThrow(message);
  });
  it.each([
    { rollout: { maintenanceWindows: [{ days: [0, 6], start: '00:00', durationMinutes: 7 * 24 * 60 }] } },
    { rollout: { maintenanceWindows: [{ days: [3], start: '19:59', durationMinutes: 1 }] } },
    { rollout: { rings: [{ name: 'a', maxParallel: 10_000, maxFailureRatio: 1, bakeMinutes: 0 }], approvalTimeoutMinutes: 30 * 24 * 60, healthCheckIntervalSeconds: 3600, healthCheckTimeoutMinutes: 24 * 60 } },
  ])('the bounds are accepted: %j', (value) => {
    expect(() => parsePolicy(value, 'p')).not.toThrow();
  });
});
