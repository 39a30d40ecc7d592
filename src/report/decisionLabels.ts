/**
 * How a decision is shown to a person: an icon, words and a tone, never colour alone. `none` is shown by its code, so
 * a version the policy holds back ("waits for a Kubernetes minor") never looks like success: only `up-to-date` is green.
 * Shared by the Markdown report and (as JSON inlined in the page script) the status page and the HTML report. Pure.
 */
import type { DecisionAction } from '../domain/model';
import type { DecisionCode } from '../domain/reasonCodes';

/** The tone of a label: ok (green) only for up to date; info for moves; warn for what waits or is held; bad; idle. */
export type LabelTone = 'ok' | 'info' | 'warn' | 'bad' | 'idle';

/** What a person sees for a decision. */
export interface DecisionLabel {
  icon: string;
  text: string;
  tone: LabelTone;
}

/** The label of each action; `none` here is the fallback for a code without its own label. */
export const ACTION_LABELS: Readonly<Record<DecisionAction, DecisionLabel>> = {
  upgrade: { icon: '↑', text: 'upgrade', tone: 'info' },
  none: { icon: '•', text: 'no move', tone: 'idle' },
  skip: { icon: '–', text: 'skip', tone: 'idle' },
  hold: { icon: '‖', text: 'hold', tone: 'warn' },
  wait: { icon: '◷', text: 'wait', tone: 'warn' },
  blocked: { icon: '⊘', text: 'blocked', tone: 'bad' },
  error: { icon: '✖', text: 'error', tone: 'bad' },
};

/** The label of each code a `none` decision can carry: what the policy holds back, in words (grey when by design, amber when a setting holds it). */
export const NONE_LABELS: Readonly<Partial<Record<DecisionCode, DecisionLabel>>> = {
  'up-to-date': { icon: '✓', text: 'up to date', tone: 'ok' },
  'minor-waits-for-kubernetes-upgrade': { icon: '⇧', text: 'waits for a Kubernetes minor', tone: 'idle' }, // by design: no alarm, no success
  'major-not-allowed': { icon: '⊗', text: 'major not allowed', tone: 'warn' },
  'excluded-by-constraint': { icon: '⊖', text: 'excluded by a constraint', tone: 'warn' },
  'step-path-gap': { icon: '⋯', text: 'gap in the step path', tone: 'warn' },
  'installed-version-not-in-catalog': { icon: '?', text: 'installed version not in the catalog', tone: 'warn' },
};

/** The label of a decision: by its code for `none`, by its action otherwise. */
export function decisionLabel(action: DecisionAction, code?: string): DecisionLabel {
  if (action === 'none' && code !== undefined) return NONE_LABELS[code as DecisionCode] ?? { ...ACTION_LABELS.none, text: `no move (${code})` };
  return ACTION_LABELS[action];
}

/** `icon text`, with a count between them when given (`↑ 3 upgrade`). */
export function labelText(label: DecisionLabel, count?: number): string {
  return `${label.icon} ${count === undefined ? '' : `${count} `}${label.text}`;
}

/** True when a `none` decision with this code holds something back (anything but up to date). */
export function isHeldBackNone(action: DecisionAction, code: string): boolean {
  return action === 'none' && code !== 'up-to-date';
}

/** Both tables as one JSON text, for the browser script (which cannot import). */
export const LABELS_JSON = JSON.stringify({ actions: ACTION_LABELS, none: NONE_LABELS });
