/** The CLI's window on the world: output streams and file access, swapped in tests. */
import { writeFileSync } from 'node:fs';
import { readInputFile } from '../platform/inputFile';
import { parseJsonText } from '../domain/schemas/zodInput';
import { InputError } from '../domain/inputError';

/** Where the CLI writes and reads. */
export interface CliIo {
  stdout(text: string): void;
  /** Optional: writes bytes (UTF-8 text, the buffer is not reused) to stdout; large outputs use it to skip a string copy. */
  stdoutBytes?(bytes: Uint8Array): void;
  stderr(text: string): void;
  /** True when stderr is a terminal (progress indicator). */
  interactive: boolean;
}

/** The process's own streams. */
export function processIo(): CliIo {
  return { stdout: (t) => process.stdout.write(t), stdoutBytes: (b) => process.stdout.write(b), stderr: (t) => process.stderr.write(t), interactive: Boolean(process.stderr.isTTY) };
}

/** Reads and JSON-parses a file (regular files only, size-capped); a missing, special or invalid file is an InputError naming it. */
export function readJsonFile(path: string): unknown {
  return parseJsonText(readInputFile(path), path);
}

/** Writes JSON to a file; a failure is an InputError naming the file. */
export function writeJsonFile(path: string, value: unknown): void {
  try {
    writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
  } catch (error) {
    throw new InputError(path, '$', `cannot write (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`, { cause: error });
  }
}
