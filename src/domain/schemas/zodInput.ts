/** Runs a zod schema over external input and turns its first problem into an InputError naming input, path and problem. */
import type { z } from 'zod';
import { InputError, jsonPath } from '../inputError';

/** Parses `value` with `schema`; throws InputError(`input`, path, problem) on the first issue (`at` prefixes the path). */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, input: string, at: readonly PropertyKey[] = []): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new InputError(input, '$', 'invalid input');
  throw new InputError(input, jsonPath([...at, ...issue.path]), issue.message);
}

/** Parses JSON text; a syntax error becomes an InputError naming the input. */
export function parseJsonText(text: string, input: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError(input, '$', `not valid JSON (${(error as Error).message})`, { cause: error });
  }
}
