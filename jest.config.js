/** Jest runs unit tests (`*.test.ts`, pure logic) and integration tests (`*.int.test.ts`) against the
 * real local stack that test/stack.global-setup.ts brings up once for the whole run. */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/web/app/'],
  globalSetup: '<rootDir>/test/stack.global-setup.ts',
  globalTeardown: '<rootDir>/test/stack.global-teardown.ts',
  transform: {
    '^.+\\.ts$': ['ts-jest', { isolatedModules: true }],
    // bpmn-moddle, bpmnlint and their helpers ship ES modules only; jest runs CommonJS, so they are transpiled.
    '^.+\\.js$': ['ts-jest', { isolatedModules: true, tsconfig: { allowJs: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(moddle|min-dash|@bpmn-io|bpmnlint-utils|@lezer|saxen)/)'],
  reporters: ['default', ['<rootDir>/test/json-result-reporter.js', { outputFile: 'jest-results.json' }]],
  testTimeout: 60000,
  // one file at a time: test files share one broker, and workers of two files serving the same job type
  // would hand each other's jobs back and forth, flooding the exporter stream
  maxWorkers: 1,
};
