/**
 * Reads a snapshot file cluster by cluster: 4 MiB chunks, each cluster JSON-parsed and validated alone, so neither the
 * file's text nor its raw parse is ever held whole. Errors are the schema's, naming the file and `$.clusters[i]…`.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { InputError } from '../domain/inputError';
import type { ClusterSnapshot, FleetSnapshot } from '../domain/model';
import { duplicateIdGuard, parseCluster, snapshotSchema, unknownClusterFields } from '../domain/schemas/snapshotSchema';
import { parseWith } from '../domain/schemas/zodInput';
import { ClusterArrayScanner } from './clusterArrayScanner';

const CHUNK = 4 * 1024 * 1024;

/** Opens `path`; a missing or unreadable file is an InputError naming it. */
function open(path: string): number {
  try {
    return openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(path, '$', code === 'ENOENT' ? 'file not found' : `cannot read (${code ?? 'unknown error'})`, { cause: error });
  }
}

/** One cluster's text, parsed and validated; its unknown fields go to `warnings`. */
function cluster(text: string, path: string, index: number, warnings: string[]): ClusterSnapshot {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(path, `$.clusters[${index}]`, `not valid JSON (${(error as Error).message})`, { cause: error });
  }
  warnings.push(...unknownClusterFields(value, path, index));
  return parseCluster(value, path, index);
}

/**
 * Reads and validates a snapshot file, streaming; throws InputError naming the file, the JSON path and the problem
 * (two clusters with the same id included). Unknown fields are pushed to `warnings`, each naming its path.
 */
export function readSnapshotFile(path: string, warnings: string[] = []): FleetSnapshot {
  const clusters: ClusterSnapshot[] = [];
  const unique = duplicateIdGuard(path);
  const scanner = new ClusterArrayScanner(path, (text, index) => {
    const c = cluster(text, path, index, warnings);
    unique(c.id, index);
    clusters.push(c);
  });
  const fd = open(path);
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      let read: number;
      try {
        read = readSync(fd, buffer, 0, CHUNK, null);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new InputError(path, '$', code === 'EISDIR' ? 'is a directory, not a file' : `cannot read (${code ?? 'unknown error'})`, { cause: error });
      }
      if (read === 0) break;
      scanner.push(buffer.subarray(0, read));
      if (scanner.stopped) break;
    }
  } finally {
    closeSync(fd);
  }
  scanner.end();
  // a root that is no object, or holds no clusters array: the schema says what is wrong, as it does for a whole parse
  if (scanner.shape) parseWith(snapshotSchema, scanner.shape.standIn, path);
  return { clusters };
}
