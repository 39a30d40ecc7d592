/** Jest for mutation testing (`npm run test:mutation`): the base config, only the domain tests, property runs scaled down (same seeds). */
const base = require('./jest.config.js');

process.env.PROPERTY_RUNS_SCALE = process.env.PROPERTY_RUNS_SCALE || '0.1';

/** @type {import('jest').Config} */
module.exports = { ...base, roots: ['<rootDir>/test/domain'], maxWorkers: 1 };
