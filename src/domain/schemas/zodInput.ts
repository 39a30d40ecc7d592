/** Runs a zod schema over external input and turns its first problem into an InputError naming input, path and problem. */
import type { z } from 'zod';
import { InputError, jsonPath } from '../inputError';
import { refuseDuplicateKeys } from './duplicateKeys';

/** The first issue of a zod error: its JSON path (under `prefix`, e.g. `['data']`) and its message. */
export function firstIssue(error: z.ZodError, prefix: readonly PropertyKey[] = []): { path: string; problem: string } {
  const issue = error.issues[0];
  return { path: jsonPath([...prefix, ...(issue?.path ?? [])]), problem: issue?.message ?? 'invalid input' };
}

/** The first issue of a zod error as one line, `<path>: <problem>`. */
export function issueText(error: z.ZodError, prefix: readonly PropertyKey[] = []): string {
  const { path, problem } = firstIssue(error, prefix);
  return `${path}: ${problem}`;
}

/** The first issue of a zod error as an InputError naming `input`, the path and the problem. */
export function inputErrorOf(error: z.ZodError, input: string, prefix: readonly PropertyKey[] = []): InputError {
  const { path, problem } = firstIssue(error, prefix);
  return new InputError(input, path, problem, { cause: error });
}

/** Parses `value` with `schema`; throws InputError(`input`, path, problem) on the first issue (`at` prefixes the path). */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, input: string, at: readonly PropertyKey[] = []): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw inputErrorOf(result.error, input, at);
}

/** Parses JSON text; a syntax error or a duplicate key (JSON.parse would keep the last silently) becomes an InputError naming the input. */
export function parseJsonText(text: string, input: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError(input, '$', `not valid JSON (${(error as Error).message})`, { cause: error });
  }
  refuseDuplicateKeys(text, input);
  return value;
}
