/**
 * A require hook for child processes of tests: loads the repository's TypeScript sources by transpiling each file
 * (typescript's transpileModule, the compiler options of tsconfig.json; no type check). Lets a test run the real CLI
 * process from src/ without a build: `node -r test/support/transpileHook.js -e "…"`.
 */
'use strict';
const fs = require('node:fs');
const ts = require('typescript');

const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, resolveJsonModule: true, isolatedModules: true, sourceMap: false, inlineSourceMap: true };

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};
