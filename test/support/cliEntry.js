/** The CLI's process entry from the TypeScript sources (bin/k8s-extension-reconciler.js runs the built copy): `node -r transpileHook.js cliEntry.js <argv…>`. */
'use strict';
require('../../src/cli/processRun.ts').runProcess(process.argv.slice(2));
