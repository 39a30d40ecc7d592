/** Bounds on what an HTTP request may carry: body size (413) and route ids (400), checked before any work starts. */
import type { HttpRequest } from '@azure/functions';
import { isClusterId } from '../domain/armId';
import { InputError } from '../domain/inputError';

/** Largest request body read, in bytes; a larger one is answered 413 without being parsed. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Longest orchestration instance id accepted in a route. */
export const MAX_INSTANCE_ID = 256;

/** Longest ARM id accepted in a body or query (ARM ids of clusters are far shorter). */
export const MAX_ARM_ID = 1024;

const INSTANCE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

/** A request body over MAX_BODY_BYTES: the route answers 413. */
export class BodyTooLargeError extends Error {
  constructor(readonly bytes: number | undefined) {
    super(`request body larger than ${MAX_BODY_BYTES} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** The declared content-length, when it is a number. */
function declaredLength(request: HttpRequest): number | undefined {
  const text = request.headers.get('content-length');
  return text !== null && /^\d+$/.test(text.trim()) ? Number(text) : undefined;
}

/** Reads the body as text, refusing (BodyTooLargeError) one declared or found larger than MAX_BODY_BYTES. */
export async function boundedBodyText(request: HttpRequest): Promise<string> {
  const declared = declaredLength(request);
  if (declared !== undefined && declared > MAX_BODY_BYTES) throw new BodyTooLargeError(declared);
  const text = await request.text();
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_BODY_BYTES) throw new BodyTooLargeError(bytes);
  return text;
}

/** The route's `{id}`: an orchestration instance id (letters, digits, `. _ : -`, at most MAX_INSTANCE_ID); else InputError 400. */
export function instanceIdParam(request: HttpRequest): string {
  const id = (request.params.id ?? '').trim();
  if (id.length === 0) throw new InputError('id', '$', 'the route names no rollout instance id');
  if (id.length > MAX_INSTANCE_ID) throw new InputError('id', '$', `longer than ${MAX_INSTANCE_ID} characters`);
  if (!INSTANCE_ID.test(id)) throw new InputError('id', '$', 'an instance id has only letters, digits and . _ : -');
  return id;
}

/** The query parameter `name` as a cluster's ARM id (at most MAX_ARM_ID, a cluster id); undefined when absent; else InputError 400. */
export function clusterIdQuery(request: HttpRequest, name: string): string | undefined {
  const value = request.query.get(name)?.trim();
  if (value === undefined || value === '') return undefined;
  if (value.length > MAX_ARM_ID) throw new InputError(name, '$', `longer than ${MAX_ARM_ID} characters`);
  if (!isClusterId(value)) throw new InputError(name, '$', 'must be the ARM id of a managed, connected or provisioned cluster');
  return value;
}
