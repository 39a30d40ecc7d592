/** Registers every rollout activity and exports their typed handles (one place for orchestrations to import). */
export { planFleetActivity, planClusterActivity, readPlannedClustersActivity } from './activities/planActivities';
export { applyHopActivity, checkHealthActivity } from './activities/applyActivities';
export { recordAuditActivity, recordActivity, notifyActivity } from './activities/recordActivities';
export { checkHealthGateActivity, checkRingHealthActivity, rollbackHopActivity, holdFailedVersionActivity } from './activities/healthGateActivities';
