/** The CLI's window on the world: output streams and file access, swapped in tests. */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseJsonText } from '../domain/schemas/zodInput';
import { InputError } from '../domain/inputError';

/** Where the CLI writes and reads. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when stderr is a terminal (progress indicator). */
  interactive: boolean;
}

/** The process's own streams. */
export function processIo(): CliIo {
  return { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), interactive: Boolean(process.stderr.isTTY) };
}

/** Reads and JSON-parses a file; a missing file or invalid JSON is an InputError naming the file. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(path, '$', code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot read (${code ?? 'unknown error'})`, { cause: error });
  }
  return parseJsonText(text, path);
}

/** Writes JSON to a file; a failure is an InputError naming the file. */
export function writeJsonFile(path: string, value: unknown): void {
  try {
    writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
  } catch (error) {
    throw new InputError(path, '$', `cannot write (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`, { cause: error });
  }
}
