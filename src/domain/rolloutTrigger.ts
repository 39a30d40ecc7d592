/** How a trigger is written into audit rows. Pure. */
import type { Trigger } from './ports';

/** The audit form of a trigger: `timer`, `event:<id>` or `manual[:<by>]`. */
export function triggerLabel(trigger: Trigger): string {
  switch (trigger.kind) {
    case 'timer':
      return 'timer';
    case 'event':
      return `event:${trigger.eventId}`;
    case 'manual':
      return trigger.by ? `manual:${trigger.by}` : 'manual';
  }
}
