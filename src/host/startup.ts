/**
 * Installs the production composition root, lazily: the host loads this module with the functions, and the services
 * are built from the app settings on first use. A bad setting never crashes the worker at import; each invocation
 * fails with a logged InputError naming the setting (see hostDeps). Tests and the demo never import this module.
 */
import { loadConfig } from '../config';
import { buildServices } from './buildServices';
import { setServices } from './services';
import { startTelemetry } from '../telemetry/startTelemetry';

/** Installs the factory `buildServices(loadConfig(env))` (exported for the wiring test). */
export function installServicesFromSettings(env: Record<string, string | undefined> = process.env): void {
  setServices(() => buildServices(loadConfig(env)));
}

startTelemetry();
installServicesFromSettings();
