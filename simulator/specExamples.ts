/**
 * The azure-rest-api-specs examples kept in simulator/fixtures (copied verbatim, see docs/azure-fidelity.md), and
 * the simulator's own objects built from them, so tests serve exactly what the spec shows.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SimExtension, SimTypeVersion } from './types';

/** The fixtures folder beside this file (ts-jest), or the source one when running compiled from dist/ (the demo). */
const FIXTURES = [path.join(__dirname, 'fixtures'), path.join(__dirname, '..', '..', 'simulator', 'fixtures')].find((d) => fs.existsSync(d)) ?? path.join(__dirname, 'fixtures');

/** The `responses[status].body` (default 200) of a spec example file under fixtures/. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw JSON of the spec examples
export function specExample(file: string, status = '200'): any {
  const parsed = JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8')) as { responses: Record<string, { body?: unknown }> };
  return parsed.responses[status]?.body;
}

/** The request parameters of a spec example file. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw JSON of the spec examples
export function specParameters(file: string): any {
  return (JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8')) as { parameters: unknown }).parameters;
}

/** A simulated extension carrying the fields of an extensions GET example body (2025-03-01). */
export function simExtensionFromExample(file: string): SimExtension {
  const body = specExample(file) as { name: string; managedBy?: string; properties: Record<string, unknown> };
  const p = body.properties;
  const ext: SimExtension = {
    name: body.name,
    extensionType: String(p.extensionType),
    currentVersion: String(p.currentVersion ?? p.version),
    autoUpgradeMinorVersion: p.autoUpgradeMinorVersion as boolean,
    releaseTrain: String(p.releaseTrain),
    provisioningState: p.provisioningState as SimExtension['provisioningState'],
    isSystemExtension: p.isSystemExtension as boolean,
  };
  if (typeof p.version === 'string') ext.version = p.version;
  if (typeof p.autoUpgradeMode === 'string') ext.autoUpgradeMode = p.autoUpgradeMode as SimExtension['autoUpgradeMode'];
  if (p.managementDetails) ext.managementDetails = structuredClone(p.managementDetails as SimExtension['managementDetails']);
  if (typeof p.extensionState === 'string') ext.extensionState = p.extensionState;
  if (body.managedBy) ext.managedBy = body.managedBy;
  return ext;
}

/** The versions of an extension type versions example (stable train), with their per-distribution restrictions as given. */
export function simTypeVersionsFromExample(file: string): SimTypeVersion[] {
  const body = specExample(file) as { value: { properties: { version: string; unsupportedKubernetesVersions?: SimTypeVersion['unsupportedKubernetesVersions'] } }[] };
  return body.value.map((v) => ({ version: v.properties.version, releaseTrain: 'stable', unsupportedKubernetesVersions: structuredClone(v.properties.unsupportedKubernetesVersions) }));
}
