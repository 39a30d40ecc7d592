/**
 * Entry point of the Function App. Read this first:
 * - `host/startup` installs the composition root (`host/buildServices`: settings → adapters), lazily on first use;
 * - `functions/*` register the triggers, orchestrations and activities (the host loads them through package.json's
 *   `main` glob). The one-way flow they wire is drawn in docs/architecture.md.
 */
import { app } from '@azure/functions';
import './host/startup';

app.setup({ enableHttpStream: false });
