/**
 * A require hook for child processes of tests: loads the repository's TypeScript sources by transpiling each file
 * (typescript's transpileModule, the compiler options of tsconfig.json; no type check). Lets a test run the real CLI
 * process from src/ without a build: `node -r test/support/transpileHook.js test/support/cliEntry.js …`. Output is
 * cached in the temporary folder by file content, so repeated processes start fast.
 */
'use strict';
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const ts = require('typescript');

const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, resolveJsonModule: true, isolatedModules: true, sourceMap: false, inlineSourceMap: true };
const cacheDir = path.join(os.tmpdir(), `k8s-ext-transpile-${ts.version}`);
fs.mkdirSync(cacheDir, { recursive: true });

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const cached = path.join(cacheDir, `${createHash('sha256').update(filename).update('\0').update(source).digest('hex').slice(0, 40)}.js`);
  let output;
  try {
    output = fs.readFileSync(cached, 'utf8');
  } catch {
    output = ts.transpileModule(source, { compilerOptions, fileName: filename }).outputText;
    const temporary = `${cached}.${process.pid}`;
    fs.writeFileSync(temporary, output);
    fs.renameSync(temporary, cached);
  }
  module._compile(output, filename);
};
