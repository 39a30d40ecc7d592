/** Mutates real-shaped JSON documents at random paths (replace, delete, retype, huge strings) for fuzz tests. */
import fc from 'fast-check';

type Json = unknown;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Every path (keys and indexes) of a JSON value, the root included. */
export function pathsOf(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
}

/** Hostile replacement values: wrong types, empty, huge strings, odd numbers, prototype keys. */
export const hostileJson: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(null, 0, -1, 1e308, 0.5, true, false, [], {}, '', ' ', '-1', 'NaN', '1.2.3', 'v99.0.0', '>=x', '*', '__proto__', { __proto__: null }),
  fc.constantFrom('a', 'é', '\u0000').map((c) => c.repeat(100_000)),
  fc.string({ unit: 'binary', maxLength: 30 }),
);

type Mutation = { path: number; op: 'set' | 'delete' | 'add'; key: string; value: Json };

/** Applies mutations to a copy of `doc`; each picks a path by index (modulo the number of paths). */
export function applyMutations(doc: Json, mutations: Mutation[]): Json {
  let root = clone(doc);
  for (const m of mutations) {
    const paths = pathsOf(root);
    const path = paths[m.path % paths.length] ?? [];
    if (path.length === 0) {
      if (m.op === 'set') root = m.value;
      continue;
    }
    let parent: unknown = root;
    for (const seg of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[seg];
    const last = path[path.length - 1]!;
    const p = parent as Record<string | number, unknown>;
    if (m.op === 'set') p[last] = m.value;
    else if (m.op === 'delete') {
      if (Array.isArray(p) && typeof last === 'number') p.splice(last, 1);
      else delete p[last];
    } else if (typeof p[last] === 'object' && p[last] !== null && !Array.isArray(p[last])) (p[last] as Record<string, unknown>)[m.key] = m.value;
  }
  return root;
}

/** A mutation list of up to `max` edits. */
export const mutations = (max = 3): fc.Arbitrary<Mutation[]> =>
  fc.array(fc.record({ path: fc.nat(), op: fc.constantFrom<Mutation['op']>('set', 'delete', 'add'), key: fc.constantFrom('extra', 'constructor', 'Version', 'x'), value: hostileJson }), { minLength: 1, maxLength: max });

/** `doc` mutated 1..max times. */
export const mutated = (doc: Json, max = 3): fc.Arbitrary<Json> => mutations(max).map((ms) => applyMutations(doc, ms));
