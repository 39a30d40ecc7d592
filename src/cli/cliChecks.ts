/**
 * Checks of CLI options the SDKs would otherwise fail on deep inside (as "internal errors"): https endpoints, a CA
 * file that is a PEM certificate, a storage connection string's shape; and the words for an endpoint the user's
 * machine cannot reach. Each error names the option.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../domain/inputError';
import { readInputFile } from '../platform/inputFile';

/** Largest CA file read. */
const MAX_CA_BYTES = 1024 * 1024;

/** `value` when it is an https URL; else an InputError naming `option`. */
export function checkHttpsUrl(command: string, option: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(command, option, `"${value}" is not a URL (give https://host[:port])`);
  }
  if (url.protocol !== 'https:') throw new InputError(command, option, `"${value}" is not https: Azure sign-in tokens are only sent over TLS`);
  return value;
}

/** Checks that `path` is a readable regular file holding a PEM certificate; else an InputError naming `option`. */
export function checkCaFile(command: string, option: string, path: string): void {
  let pem: string;
  try {
    pem = readInputFile(path, MAX_CA_BYTES);
  } catch (error) {
    throw new InputError(command, option, error instanceof InputError ? `${path}: ${error.problem}` : `${path}: cannot read`, { cause: error });
  }
  if (!/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/.test(pem)) throw new InputError(command, option, `${path}: not a PEM certificate (no -----BEGIN CERTIFICATE----- block)`);
}

/**
 * `value` when it looks like a storage connection string (`UseDevelopmentStorage=true`, or `key=value;` pairs with
 * an AccountName or a TableEndpoint); else an InputError naming `source`. The value itself is never echoed (it holds a key).
 */
export function checkConnectionString(source: string, value: string): string {
  const text = value.trim();
  if (/^UseDevelopmentStorage=true;?$/i.test(text)) return text;
  const pairs = text.split(';').filter((p) => p.trim() !== '');
  const keys = new Set<string>();
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new InputError('audit', source, 'not a storage connection string (expected Key=Value pairs separated by ;, or UseDevelopmentStorage=true)');
    keys.add(pair.slice(0, eq).trim().toLowerCase());
  }
  if (!keys.has('accountname') && !keys.has('tableendpoint')) throw new InputError('audit', source, 'not a storage connection string: it names no AccountName or TableEndpoint');
  if (!keys.has('accountkey') && !keys.has('sharedaccesssignature')) throw new InputError('audit', source, 'not a storage connection string: it has no AccountKey or SharedAccessSignature (use --endpoint to sign in with your Azure login)');
  return text;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ESOCKETTIMEDOUT']);
const TLS_CODES = new Set(['SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID']);

/** The error's `code`, looked up along its `cause` chain. */
function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || TLS_CODES.has(code))) return code;
  }
  return undefined;
}

/** An endpoint the user cannot reach or does not trust (network, DNS, TLS), in words with a hint; undefined otherwise. */
export function reachProblem(error: unknown): string | undefined {
  const code = errorCode(error);
  if (code === undefined) return undefined;
  const first = error instanceof Error ? error.message.split('\n')[0] : String(error);
  if (TLS_CODES.has(code)) return `the endpoint's TLS certificate is not trusted (${code}: ${first}); for a local endpoint pass its CA with --ca <pem>`;
  return `cannot reach the endpoint (${code}: ${first}); check --endpoint, the network and that the service (Azurite, the simulator) is running`;
}

/** Checks, before any work starts, that `path` can be written: its folder exists and it is not a directory or special file. */
export function checkWritablePath(command: string, option: string, path: string): void {
  const folder = dirname(resolve(path));
  try {
    if (!statSync(folder).isDirectory()) throw new InputError(command, option, `${path}: ${folder} is not a folder`);
    accessSync(folder, constants.W_OK);
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(command, option, `${path}: ${code === 'ENOENT' ? `folder ${folder} does not exist` : `cannot write in ${folder} (${code ?? 'unknown error'})`}`, { cause: error });
  }
  const existing = statSync(path, { throwIfNoEntry: false });
  if (existing && !existing.isFile()) throw new InputError(command, option, `${path}: exists and is not a regular file`);
}
