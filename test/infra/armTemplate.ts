/** Helpers to read compiled ARM templates (languageVersion 1.0 arrays or 2.0 symbolic objects, nested deployments). */

/** One resource as it appears in a compiled template. */
export interface ArmResource {
  type: string;
  name: string;
  condition?: unknown;
  scope?: unknown;
  copy?: unknown;
  sku?: unknown;
  tags?: unknown;
  identity?: unknown;
  /** True for an `existing` reference (languageVersion 2.0): read, not deployed. */
  existing?: boolean;
  properties?: Record<string, unknown>;
}

/** A compiled ARM template. */
export interface ArmTemplate {
  parameters?: Record<string, { type?: string; defaultValue?: unknown }>;
  variables?: Record<string, unknown>;
  resources: ArmResource[] | Record<string, ArmResource>;
}

/** A resource with the template that declares it (for its variables). */
export interface Found {
  resource: ArmResource;
  template: ArmTemplate;
}

/** Every resource in the template and in its nested deployments' templates. */
export function findResources(template: ArmTemplate): Found[] {
  const list = Array.isArray(template.resources) ? template.resources : Object.values(template.resources);
  return list.flatMap((resource) => {
    const nested = resource.type === 'Microsoft.Resources/deployments' ? (resource.properties?.template as ArmTemplate | undefined) : undefined;
    return [{ resource, template }, ...(nested ? findResources(nested) : [])];
  });
}

/** The one resource of this type whose name contains nameContains (and passing where); throws a clear error otherwise. */
export function single(all: Found[], type: string, nameContains = '', where: (f: Found) => boolean = () => true): Found {
  const hits = all.filter((f) => f.resource.type === type && f.resource.name.includes(nameContains) && where(f));
  if (hits.length !== 1) {
    throw new Error(`expected exactly one ${type} named like "${nameContains}" in the compiled template, found ${hits.length}: ${hits.map((h) => h.resource.name).join(', ')}`);
  }
  return hits[0] as Found;
}

/** Replaces `[variables('x')]` and `[variables('x').y]` (also inside arrays and objects) by the template's values. */
export function resolve(template: ArmTemplate, value: unknown): unknown {
  if (typeof value === 'string') {
    const m = /^\[variables\('([^']+)'\)(?:\.(\w+))?\]$/.exec(value);
    if (!m) return value;
    const v = resolve(template, template.variables?.[m[1] ?? '']);
    return m[2] === undefined ? v : resolve(template, (v as Record<string, unknown> | undefined)?.[m[2]]);
  }
  if (Array.isArray(value)) return value.map((v) => resolve(template, v));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(template, v)]));
  }
  return value;
}
