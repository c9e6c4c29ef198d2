/** Jest: unit tests beside the code (src/**\/*.spec.ts), e2e tests in test/e2e. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.jest.json' }];
// The generated Prisma client imports its own .ts files with .js extensions.
const moduleNameMapper = {
  '^(\\.{1,2}/.*)\\.js$': '$1',
  // @ai-sdk/provider-utils imports `zod/v4/locales/en.js`, which zod's exports map to its ESM file
  // for require as well: use the CommonJS twin beside it.
  '^zod/v4/locales/(.*)\\.js$': '<rootDir>/node_modules/zod/v4/locales/$1.cjs',
};
// ESM-only dependencies: Jest cannot load them as they are, so ts-jest (allowJs) turns them
// into CommonJS like our own code.
const esmPackages = ['@marcbachmann/cel-js', 'ai', '@ai-sdk', '@workflow/serde'];
const transform = {
  '^.+\\.ts$': tsJest,
  [`/node_modules/(${esmPackages.join('|')})/.+\\.js$`]: tsJest,
};
const transformIgnorePatterns = [`/node_modules/(?!(${esmPackages.join('|')})/)`];

module.exports = {
  // testTimeout is a global option (ignored inside projects): the e2e tests start servers.
  testTimeout: 60000,
  // Each test file leaves ~40-70 MB in its worker (the module registry of the app and the client
  // libraries it loaded), so a worker that ran half the e2e suite held 1.6 GB of heap — past the
  // gateway's own /health heap limit (1.5 GB), which the ops e2e then saw as unhealthy. A worker
  // over this after a file is replaced by a fresh one.
  workerIdleMemoryLimit: '800MB',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    {
      displayName: 'unit',
      rootDir: '.',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
    },
    {
      displayName: 'e2e',
      rootDir: '.',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      // The real Claude Code and Codex CLIs against the gateway (npm run test:clients): not part
      // of `npm test`'s e2e run; its global setup installs the CLIs into .cache/clients first.
      displayName: 'clients',
      rootDir: '.',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/clients/**/*.clients-spec.ts'],
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      modulePathIgnorePatterns: ['<rootDir>/.cache/'],
      globalSetup: '<rootDir>/test/clients/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      // The web console in Debian's Chromium driven by playwright-core (npm run test:browser),
      // against the real gateway, Postgres and fake upstreams; screenshots in test-artifacts/.
      displayName: 'browser',
      rootDir: '.',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      globalSetup: '<rootDir>/test/browser/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
