// Test tiers (see README "Tests"): unit needs nothing; integration needs PostgreSQL; workflow
// needs the Temporal dev server; e2e needs both and runs the api and worker for real.
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

const base = {
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  rootDir: __dirname,
  testEnvironment: 'node',
};
const infra = {
  setupFilesAfterEnv: ['<rootDir>/test/support/timeouts.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};

module.exports = {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,workflows,test/unit}/**/*.spec.ts'] },
    { ...base, ...infra, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.int-spec.ts'] },
    { ...base, ...infra, displayName: 'workflow', testMatch: ['<rootDir>/test/{workflows,replay}/**/*.wf-spec.ts'] },
    {
      ...base,
      ...infra,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      // Every answer an e2e test receives is checked against the OpenAPI document.
      setupFilesAfterEnv: [...infra.setupFilesAfterEnv, '<rootDir>/test/support/openapi-contract-check.ts'],
    },
  ],
};
