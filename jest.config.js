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
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true }] },
  testTimeout: 60000,
  maxWorkers: 2,
};
