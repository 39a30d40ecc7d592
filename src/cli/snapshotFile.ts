/**
 * Reads a snapshot file cluster by cluster: 4 MiB chunks, each cluster JSON-parsed and validated alone, so neither the
 * file's text nor its raw parse is ever held whole. Errors are the schema's, naming the file and `$.clusters[i]…`.
 */
import { closeSync, readSync } from 'node:fs';
import { openInputFile } from '../platform/inputFile';
import { encodingProblem, hasUtf8Bom, UTF8_BOM_LENGTH } from '../platform/textEncoding';
import { InputError } from '../domain/inputError';
import type { ClusterSnapshot, FleetSnapshot } from '../domain/model';
import { refuseDuplicateKeysOf } from '../domain/schemas/duplicateKeys';
import { duplicateIdGuard, parseCluster, refuseDuplicateExtensionNames, snapshotSchema, unknownClusterFields, unknownRootFields } from '../domain/schemas/snapshotSchema';
import { fastCluster } from '../domain/schemas/fastCluster';
import { parseWith } from '../domain/schemas/zodInput';
import { ClusterArrayScanner } from './clusterArrayScanner';

const CHUNK = 4 * 1024 * 1024;

/**
 * Largest snapshot file read: 8 GiB (about 30,000,000 extensions). Read in chunks, so memory follows the validated
 * snapshot rather than the file; whole-file inputs (catalog, policy) keep the 256 MiB cap of app/inputFile.
 */
export const MAX_SNAPSHOT_FILE_BYTES = 8 * 1024 * 1024 * 1024;

/** One cluster's text, parsed and validated; its unknown fields go to `warnings`. */
function cluster(text: string, path: string, index: number, warnings: string[]): ClusterSnapshot {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(path, `$.clusters[${index}]`, `not valid JSON (${(error as Error).message})`, { cause: error });
  }
  refuseDuplicateKeysOf(text, value, path, (p) => ['clusters', index, ...p]);
  return validCluster(value, path, index, warnings);
}

/** One parsed cluster, validated (the common shape cheaply, else by the schema); its unknown fields go to `warnings`. */
function validCluster(value: unknown, path: string, index: number, warnings: string[]): ClusterSnapshot {
  // fastCluster accepts only what the schema accepts, with no unknown field; anything else gets the schema's warnings and errors
  const fast = fastCluster(value);
  if (fast) return fast;
  warnings.push(...unknownClusterFields(value, path, index));
  return parseCluster(value, path, index);
}

/**
 * Reads and validates a snapshot file, streaming; throws InputError naming the file, the JSON path and the problem
 * (two clusters with the same id included). Unknown fields are pushed to `warnings`, each naming its path.
 */
export function readSnapshotFile(path: string, warnings: string[] = [], o: { parseRuns?: boolean } = {}): FleetSnapshot {
  const clusters: ClusterSnapshot[] = [];
  const clusterWarnings: string[] = [];
  const scanner = new ClusterArrayScanner(
    path,
    (text, index) => clusters.push(cluster(text, path, index, clusterWarnings)),
    // runs of compact clusters in one JSON.parse each (`parseRuns: false`, for tests, reads every one by the byte scan)
    o.parseRuns === false ? undefined : (value, index) => clusters.push(validCluster(value, path, index, clusterWarnings)),
  );
  const fd = openInputFile(path, MAX_SNAPSHOT_FILE_BYTES); // regular files only: a FIFO or /dev/zero is refused before a byte is read
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    for (let first = true; ; first = false) {
      let read: number;
      try {
        read = readSync(fd, buffer, 0, CHUNK, null);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // openInputFile already refused directories and special files: only an I/O error is left
        throw new InputError(path, '$', `cannot read (${code ?? 'unknown error'})`, { cause: error });
      }
      if (read === 0) break;
      // the first chunk says the encoding: a UTF-8 byte-order mark is dropped, UTF-16 and UTF-32 are named
      const problem = first ? encodingProblem(buffer.subarray(0, read)) : undefined;
      if (problem) throw new InputError(path, '$', problem);
      scanner.push(buffer.subarray(first && hasUtf8Bom(buffer.subarray(0, read)) ? UTF8_BOM_LENGTH : 0, read));
      if (scanner.stopped) break;
    }
  } finally {
    closeSync(fd);
  }
  scanner.end();
  // a root that is no object, or holds no clusters array: the schema says what is wrong, as it does for a whole parse
  if (scanner.shape) parseWith(snapshotSchema, scanner.shape.standIn, path);
  // as for a whole parse: duplicate ids only once every cluster is valid; warnings from the root first
  const unique = duplicateIdGuard(path);
  clusters.forEach((c, i) => {
    unique(c.id, i);
    refuseDuplicateExtensionNames(c, path, i);
  });
  warnings.push(...unknownRootFields(scanner.rootKeys, path), ...clusterWarnings);
  return { clusters };
}
