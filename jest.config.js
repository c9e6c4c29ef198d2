/** Jest: unit tests beside the code (src/**\/*.spec.ts), e2e tests in test/e2e. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.jest.json' }];
/** Packages published only as ES modules, which Jest's CommonJS runtime cannot require on Node 20. */
const ESM_ONLY = ['content-disposition'];
const esmToCjs = [
  'ts-jest',
  { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022' }, isolatedModules: true },
];

module.exports = {
  // testTimeout is a global option (ignored inside projects): the e2e tests start servers.
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      rootDir: '.',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
    },
    {
      displayName: 'e2e',
      rootDir: '.',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      transform: {
        '^.+\\.ts$': tsJest,
        // ES-module-only dependencies (of @fastify/static, behind Swagger UI) compiled to CommonJS.
        '^.+/node_modules/.+\\.js$': esmToCjs,
      },
      transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
      // The generated Prisma client imports its own .ts files with .js extensions.
      moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
