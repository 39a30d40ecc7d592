/**
 * The one error for bad user input (files, settings, events, HTTP bodies): it names the input, the field path and
 * the problem. The CLI maps it to exit code 2; functions log it and drop the input. Never shown with a stack trace.
 */
export class InputError extends Error {
  /** The input's name: a file path, a setting name, an event id, "request body". */
  readonly input: string;
  /** JSON path of the offending field, e.g. `$.clusters[3].kubernetesVersion`; `$` for the whole input. */
  readonly path: string;
  /** What is wrong, in words. */
  readonly problem: string;

  constructor(input: string, path: string, problem: string, options?: { cause?: unknown }) {
    super(`${input}: ${path}: ${problem}`, options);
    this.name = 'InputError';
    this.input = input;
    this.path = path;
    this.problem = problem;
  }
}

/** True when `error` is an InputError (also across module copies). */
export function isInputError(error: unknown): error is InputError {
  return error instanceof InputError || (error instanceof Error && error.name === 'InputError' && 'problem' in error);
}

/** Formats a path of keys and indexes as `$.a[0].b`. */
export function jsonPath(segments: readonly PropertyKey[]): string {
  let out = '$';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : /^[A-Za-z_$][\w$]*$/.test(String(s)) ? `.${String(s)}` : `[${JSON.stringify(String(s))}]`;
  return out;
}

/** The message of anything thrown (`Error.message`, else its string form). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
