/** Jest for mutation testing (`npm run test:mutation`): the base config, only the domain tests. */
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = { ...base, roots: ['<rootDir>/test/domain'], maxWorkers: 1 };
