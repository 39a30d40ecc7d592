import type { SimFaults } from './types';
import { SimState } from './simState';

/** The `faults` control surface over a simulator's state. */
export function simFaults(state: SimState): SimFaults {
  return {
    latency: (ms) => { state.faults.latencyMs = Math.max(0, ms); },
    serverErrors: ({ count, kinds, status }) => { state.faults.serverErrors.push({ remaining: count, kinds, status: status ?? 503 }); },
    throttleStorm: ({ count, retryAfterMs }) => { state.faults.throttle = { remaining: count, retryAfterMs: retryAfterMs ?? 1000 }; },
    failVersion: ({ extensionType, version, onKubernetes }) => {
      state.faults.failVersions.push({ extensionType: extensionType.toLowerCase(), version, onKubernetes: onKubernetes ?? '*' });
    },
    neverFinish: (filter) => { state.faults.neverFinish.push({ extensionType: filter?.extensionType?.toLowerCase(), version: filter?.version }); },
    failHealthOnWrite: ({ extensionType, version }) => {
      state.faults.failHealthOnWrite.push({ extensionType: extensionType.toLowerCase(), version });
    },
    alertOnWrite: (options) => {
      state.faults.alertOnWrite.push({ ...options, extensionType: options.extensionType.toLowerCase() });
    },
    fireAlert: (alert) => {
      (state.fleet.alerts ??= []).push({ ...alert });
    },
    refuseExtensionType: ({ extensionType, status, code, message }) => {
      (state.faults.refusedTypes ??= {})[extensionType.toLowerCase()] = { status, code, message: message ?? `Refused by the simulator (refuseExtensionType ${code}).` };
    },
    truncateResults: (rows) => { state.faults.truncateAfterRows = rows; },
    clear: () => { state.faults = SimState.noFaults(); },
  };
}
