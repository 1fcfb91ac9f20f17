// Shared Jest configuration: ESM TypeScript through @swc/jest, tests beside the code.
const swc = [
  '@swc/jest',
  {
    jsc: { target: 'es2022', parser: { syntax: 'typescript' }, keepClassNames: true },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

/** For packages whose tests need no database. */
export const preset = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  testMatch: ['<rootDir>/src/**/*.test.ts'],
  testTimeout: 30_000,
};

/** For packages whose tests talk to PostgreSQL: one server for the run, a database per test file. */
export const databasePreset = {
  ...preset,
  globalSetup: '@siuss/testing/global-setup',
  globalTeardown: '@siuss/testing/global-teardown',
  testTimeout: 60_000,
};
