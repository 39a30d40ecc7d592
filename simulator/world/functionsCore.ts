/**
 * Test double for the Functions host module `@azure/functions-core` (mapped in jest.config.js).
 * @azure/functions registers every app.* call through it; tests read the captured registrations.
 */

/** One captured `registerFunction` call. */
export interface CapturedRegistration {
  metadata: { name: string; bindings: Record<string, { type: string; direction?: string; [key: string]: unknown }>; [key: string]: unknown };
  callback: (...args: unknown[]) => unknown;
}

const registrations: CapturedRegistration[] = [];

/** Every registration captured so far (in registration order). */
export function capturedRegistrations(): readonly CapturedRegistration[] {
  return registrations;
}

export function setProgrammingModel(_model: unknown): void {
  // The host would keep the model; the double needs nothing from it.
}

export function registerFunction(metadata: CapturedRegistration['metadata'], callback: CapturedRegistration['callback']): { dispose(): void } {
  registrations.push({ metadata, callback });
  return { dispose: () => undefined };
}

export function registerHook(_name: string, _callback: unknown): { dispose(): void } {
  return { dispose: () => undefined };
}

export function log(_level: string, _category: string, _message: string): void {
  // Host system log: dropped in tests.
}
