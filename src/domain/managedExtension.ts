/** What makes an extension Azure's rather than the user's (contract v2 rule 2). Pure. */
import type { ManagementDetails } from './model';

/** True when `managementDetails.accessDetails` has an entry for the entity `Users` (any case) that lacks `Write` (any case). */
export function usersMayNotWrite(details: ManagementDetails | undefined): boolean {
  return (details?.accessDetails ?? []).some((a) => a.entity?.toLowerCase() === 'users' && !a.allowedActions?.some((x) => x.toLowerCase() === 'write'));
}
