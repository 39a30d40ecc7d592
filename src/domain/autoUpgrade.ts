/**
 * Whether the platform moves an extension by itself (rule 5, platform-auto-upgrade), from `autoUpgradeMinorVersion` and
 * the 2025-03-01 `autoUpgradeMode`. The app manages only an extension that neither lets the platform move it: mode
 * `none` (or not reported) with `autoUpgradeMinorVersion` false. Pure.
 */
import type { ExtensionSnapshot } from './model';

/** Why the platform moves `ext` (the reason of a platform-auto-upgrade hold), or undefined when the app may manage it. */
export function platformUpgradeReason(ext: Pick<ExtensionSnapshot, 'autoUpgradeMinorVersion' | 'autoUpgradeMode'>): string | undefined {
  if (ext.autoUpgradeMinorVersion) return 'autoUpgradeMinorVersion is on: the platform moves this extension.';
  if (ext.autoUpgradeMode === 'patch' || ext.autoUpgradeMode === 'compatible') {
    return `autoUpgradeMode is "${ext.autoUpgradeMode}": the platform moves this extension (set autoUpgradeMode "none" to let the policy manage it).`;
  }
  return undefined;
}
