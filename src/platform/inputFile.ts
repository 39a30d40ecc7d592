/**
 * Reads a user-given input file safely: regular files only (a device such as /dev/zero, a FIFO or a directory is
 * refused before any byte is read) and at most a size cap. Errors are InputErrors naming the file.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { InputError } from '../domain/inputError';
import { decodeUtf8 } from './textEncoding';

/** Largest input file read (snapshot, catalog, policy, CA): 256 MiB, ten times the 100,000-extension benchmark fleet. */
export const MAX_INPUT_FILE_BYTES = 256 * 1024 * 1024;

const MiB = 1024 * 1024;

function openProblem(code: string | undefined): string {
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EISDIR') return 'is a directory, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return `cannot read (${code ?? 'unknown error'})`;
}

/**
 * Opens `path` for reading after the same checks: regular file, at most `maxBytes`. Returns the descriptor (the caller
 * closes it); an InputError naming `path` otherwise (nothing left open).
 */
export function openInputFile(path: string, maxBytes = MAX_INPUT_FILE_BYTES): number {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new InputError(path, '$', openProblem((error as NodeJS.ErrnoException).code), { cause: error });
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new InputError(path, '$', 'is a directory, not a file');
    if (!stat.isFile()) throw new InputError(path, '$', `is not a regular file (${stat.isFIFO() ? 'a FIFO' : stat.isCharacterDevice() || stat.isBlockDevice() ? 'a device' : 'a socket or special file'}): give a file`);
    if (stat.size > maxBytes) throw new InputError(path, '$', `is ${(stat.size / MiB).toFixed(1)} MiB, above the ${(maxBytes / MiB).toFixed(0)} MiB limit for input files`);
    return fd;
  } catch (error) {
    closeSync(fd);
    if (error instanceof InputError) throw error;
    throw new InputError(path, '$', openProblem((error as NodeJS.ErrnoException).code), { cause: error });
  }
}

/**
 * The text of `path` (UTF-8, a byte-order mark dropped); an InputError naming `path` when it is missing, not a regular
 * file, over `maxBytes`, or in another encoding (UTF-16 and UTF-32 named).
 */
export function readInputFile(path: string, maxBytes = MAX_INPUT_FILE_BYTES): string {
  const fd = openInputFile(path, maxBytes);
  let bytes: Buffer;
  try {
    bytes = readFileSync(fd);
  } catch (error) {
    throw new InputError(path, '$', openProblem((error as NodeJS.ErrnoException).code), { cause: error });
  } finally {
    closeSync(fd);
  }
  const decoded = decodeUtf8(bytes);
  if ('problem' in decoded) throw new InputError(path, '$', decoded.problem);
  return decoded.text;
}
