/** Warnings about a plan's inputs that are not errors: holds and constraints naming a type nobody offers or runs. Pure. */
import type { Catalog, FleetSnapshot, Policy } from './model';

/** One warning per hold or constraint whose extension type is in neither the catalog nor the snapshot (`*` always matches). */
export function unknownPolicyTypes(policy: Policy, catalog: Catalog, snapshot: FleetSnapshot, input: string): string[] {
  if (policy.holds.length === 0 && policy.constraints.length === 0) return []; // nothing to check: no pass over every extension
  const known = new Set(Object.keys(catalog.extensionTypes).map((t) => t.toLowerCase()));
  for (const c of snapshot.clusters) for (const e of c.extensions) known.add(e.extensionType.toLowerCase());
  const warnings: string[] = [];
  const check = (type: string, path: string): void => {
    if (type !== '*' && !known.has(type.toLowerCase())) warnings.push(`${input}: ${path}.extensionType: "${type}" is in neither the catalog nor the snapshot; it matches nothing`);
  };
  policy.holds.forEach((h, i) => check(h.extensionType, `$.holds[${i}]`));
  policy.constraints.forEach((c, i) => check(c.extensionType, `$.constraints[${i}]`));
  return warnings;
}
