/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] },
  // @azure/functions registers through this host module; the double captures every registration.
  moduleNameMapper: { '^@azure/functions-core$': '<rootDir>/simulator/world/functionsCore.ts' },
  testTimeout: 60000,
  maxWorkers: 2,
};
