/**
 * Text rendered from a decision's fields other than its cluster id and extension name, memoised: a fleet repeats the
 * same move (type, versions, action, code, path, reason) on thousands of clusters, so that text is rendered once per
 * distinct move. Only decisions with exactly the contract's fields, in its order, are memoised; a cap bounds memory.
 */
import type { Decision } from '../domain/model';

/** The contract's fields in its order (model.ts `Decision`). */
const FIELDS: readonly string[] = ['clusterId', 'extensionName', 'extensionType', 'action', 'from', 'to', 'moveKind', 'path', 'code', 'reason'];

/** A memoised text and the fields (besides the reason it is filed under) it was rendered from. */
interface Entry {
  d: Decision;
  text: string;
}

/** True when `d` has exactly FIELDS, in that order, and a path array. */
function plain(d: Decision): boolean {
  let i = 0;
  for (const key in d) if (key !== FIELDS[i++]) return false;
  return i === FIELDS.length && Array.isArray(d.path);
}

/** True when two plain decisions agree on every field but clusterId and extensionName (the reason is already equal). */
function sameMove(a: Decision, b: Decision): boolean {
  if (a.extensionType !== b.extensionType || a.from !== b.from || a.action !== b.action || a.code !== b.code || a.to !== b.to || a.moveKind !== b.moveKind) return false;
  if (a.path.length !== b.path.length) return false;
  for (let i = 0; i < a.path.length; i++) if (a.path[i] !== b.path[i]) return false;
  return true;
}

/**
 * `render(d)` memoised by every field of `d` but clusterId and extensionName (which `render` must therefore not
 * read); a decision of another shape, or past `limit` distinct ones, is rendered each time.
 */
export function decisionTextCache(render: (d: Decision) => string, limit = 20_000): (d: Decision) => string {
  // filed by reason (it names the versions, so few moves share one), then compared field by field
  const byReason = new Map<unknown, Entry[]>();
  let size = 0;
  return (d) => {
    if (!plain(d)) return render(d);
    const entries = byReason.get(d.reason);
    if (entries) for (const e of entries) if (sameMove(e.d, d)) return e.text;
    const text = render(d);
    if (size < limit) {
      // a copy: the memo keeps the fields it was rendered from, whatever later happens to `d`
      const entry = { d: { ...d, path: [...d.path] }, text };
      if (entries) entries.push(entry);
      else byReason.set(d.reason, [entry]);
      size++;
    }
    return text;
  };
}
