/** What a simulator handler answers: status, headers and an optional JSON body. */
export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** An ARM error response `{"error":{"code","message"}}`. */
export function armError(status: number, code: string, message: string, headers?: Record<string, string>): SimResponse {
  return { status, headers, body: { error: { code, message } } };
}
