/**
 * JSON responses and request-body parsing shared by the HTTP routes: bad input is a 400 naming the input, the path
 * and the problem; a bad app setting is a 500 naming the setting; anything else a 500 without a stack trace.
 */
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { z } from 'zod';
import { InputError, errorMessage, isInputError } from '../domain/inputError';
import { parseWith } from '../domain/schemas/zodInput';
import { refuseDuplicateKeys } from '../domain/schemas/duplicateKeys';
import type { HandlerDeps } from './durableStarter';
import type { Services } from './services';
import { BodyTooLargeError, boundedBodyText, MAX_BODY_BYTES } from './requestLimits';

/** A JSON response. */
export function json(status: number, body: unknown): HttpResponseInit {
  return { status, jsonBody: body, headers: { 'content-type': 'application/json' } };
}

/** A JSON error response `{error: {input, path, problem}}`. */
export function errorResponse(status: number, input: string, path: string, problem: string): HttpResponseInit {
  return json(status, { error: { input, path, problem } });
}

/** Parses the request body (at most MAX_BODY_BYTES) with `schema`; an empty body is `{}` when `optional`. Throws InputError("request body"). */
export async function readBody<S extends z.ZodType>(request: HttpRequest, schema: S, optional: boolean): Promise<z.output<S>> {
  const text = await boundedBodyText(request);
  let value: unknown = {};
  if (text.trim() === '') {
    if (!optional) throw new InputError('request body', '$', 'a JSON body is required');
  } else {
    try {
      value = JSON.parse(text) as unknown;
    } catch {
      throw new InputError('request body', '$', 'not valid JSON');
    }
    refuseDuplicateKeys(text, 'request body'); // {"ring":"canary","ring":"prod"} would approve prod silently
  }
  return parseWith(schema, value, 'request body');
}

/** Runs a route: resolves the services (bad setting → 500 naming it), maps InputError → 400, a body too large → 413, other errors → 500. */
export async function route(deps: HandlerDeps, name: string, body: (svc: Services) => Promise<HttpResponseInit>): Promise<HttpResponseInit> {
  let svc: Services;
  try {
    svc = deps.services();
  } catch (error) {
    if (isInputError(error)) return errorResponse(500, error.input, error.path, `the app setting is invalid: ${error.problem}`);
    deps.log.error('services unavailable', { route: name, error: errorMessage(error) });
    return errorResponse(500, 'app', '$', 'the app could not start its services; see the logs');
  }
  try {
    return await body(svc);
  } catch (error) {
    if (isInputError(error)) return errorResponse(400, error.input, error.path, error.problem);
    if (error instanceof BodyTooLargeError) return errorResponse(413, 'request body', '$', `larger than ${MAX_BODY_BYTES} bytes`);
    deps.log.error('request failed', { route: name, error: errorMessage(error) });
    return errorResponse(500, 'request', '$', 'internal error; see the logs');
  }
}
