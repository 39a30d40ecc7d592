/**
 * What went wrong between `audit` and Table storage, in the user's words: the account key, the SAS token, the Azure
 * login's data role, or the network. The connection string itself is never echoed (it holds a key).
 */
import { InputError } from '../domain/inputError';

const NETWORK = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'REQUEST_SEND_ERROR']);

/** The first error along the cause chain with a string `code` or a numeric `statusCode`. */
function facts(error: unknown): { code?: string; status?: number; message: string } {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const { code, statusCode } = e as { code?: unknown; statusCode?: unknown };
    if (typeof statusCode === 'number' || (typeof code === 'string' && NETWORK.has(code))) {
      return { ...(typeof code === 'string' ? { code } : {}), ...(typeof statusCode === 'number' ? { status: statusCode } : {}), message: e.message.split('\n')[0] ?? '' };
    }
  }
  return { message: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error) };
}

/** How `audit` reached storage: with a connection string holding an account key, one holding a SAS token, or an Azure login. */
export type StorageAuth = 'account-key' | 'sas' | 'login';

/** The storage failure as an InputError naming `source` (the option or variable), or undefined when it is none of ours to explain. */
export function storageProblem(error: unknown, source: string, auth: StorageAuth): InputError | undefined {
  const f = facts(error);
  const code = f.code ?? '';
  if (NETWORK.has(code) || (f.status === undefined && /ECONNREFUSED|ENOTFOUND|getaddrinfo/.test(f.message))) {
    return new InputError('audit', source, `cannot reach Table storage (${code || 'network error'}): check the account name or endpoint, the network, and that the service (Azurite) is running`, { cause: error });
  }
  if (f.status === 401 || f.status === 403) {
    const what =
      auth === 'account-key'
        ? 'check the AccountKey in the connection string (a wrong or rotated key)'
        : auth === 'sas'
          ? 'check the SAS token: its signature, expiry, and that it allows the Table service with read (r) and list (l) permissions'
          : 'check your Azure login has a Table data role on the account (Storage Table Data Reader)';
    return new InputError('audit', source, `Table storage refused the request (${f.status}${code ? ` ${code}` : ''}): ${what}`, { cause: error });
  }
  return undefined;
}

/** How a checked connection string signs requests. */
export function authOf(connectionString: string): StorageAuth {
  return /(^|;)\s*SharedAccessSignature\s*=/i.test(connectionString) ? 'sas' : 'account-key';
}
