/**
 * Who owns an extension's version (rule 5, platform-auto-upgrade): `autoUpgradeMinorVersion` decides, not
 * `autoUpgradeMode`. The extensions API 2025-03-01 reports its default mode, `compatible`, for pinned extensions too
 * (spec examples GetExtensionWithManagedBy.json, GetExtensionWithManagementDetails.json: `autoUpgradeMinorVersion: false`,
 * `version: "0.1.4"`, `autoUpgradeMode: "compatible"`), so the mode cannot tell a pin from the platform's. Pure.
 */
import type { ExtensionSnapshot } from './model';

/** Why the platform moves `ext` (the reason of a platform-auto-upgrade hold), or undefined when the policy decides (a pin). */
export function platformUpgradeReason(ext: Pick<ExtensionSnapshot, 'autoUpgradeMinorVersion'>): string | undefined {
  return ext.autoUpgradeMinorVersion ? 'autoUpgradeMinorVersion is on: the platform moves this extension.' : undefined;
}

/**
 * For a pinned extension that reports a mode other than `none`: a sentence naming that mode and why the policy still
 * decides (appended to the decision's reason); undefined otherwise. The app's write sets `autoUpgradeMode: "none"`.
 */
export function reportedModeNote(ext: Pick<ExtensionSnapshot, 'autoUpgradeMinorVersion' | 'autoUpgradeMode'>): string | undefined {
  if (ext.autoUpgradeMinorVersion || ext.autoUpgradeMode === undefined || ext.autoUpgradeMode === 'none') return undefined;
  return ` (autoUpgradeMode reports "${ext.autoUpgradeMode}", but the extension is pinned (autoUpgradeMinorVersion false): the policy decides, and a move writes autoUpgradeMode "none".)`;
}
