import nx from '@nx/eslint-plugin';

const LIBS = ['type:contracts', 'type:util', 'type:platform'];
// Tests and their helpers: they may reach into anything they test.
const TEST_CODE = ['**/*.spec.ts', '**/*.int.ts', '**/*.e2e.ts', '**/src/testing/**', 'libs/testing/**'];

/** Which kinds may import which; test code (specs, integration tests, harnesses) may also use type:testing. */
function boundaries({ testCode }) {
  const testing = testCode ? ['type:testing'] : [];
  return {
    enforceBuildableLibDependency: false,
    allow: [],
    depConstraints: [
      { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
      { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util', 'type:contracts', ...testing] },
      { sourceTag: 'type:platform', onlyDependOnLibsWithTags: [...LIBS, ...testing] },
      { sourceTag: 'type:testing', onlyDependOnLibsWithTags: [...LIBS, 'type:testing'] },
      { sourceTag: 'type:service', onlyDependOnLibsWithTags: [...LIBS, ...testing] },
      // End-to-end tests and the benches of test/bench: every library and the example consumer.
      { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: [...LIBS, 'type:testing', 'type:example'] },
      // Examples stand for other teams' code: they know the contracts' files, nothing of ours.
      { sourceTag: 'type:example', onlyDependOnLibsWithTags: [] },
      // The CLI (tools/cli) runs from its source with no build or path aliases: nothing of ours.
      { sourceTag: 'type:tool', onlyDependOnLibsWithTags: [] },
    ],
  };
}

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '**/coverage', '.nx', '.data'] },
  {
    files: ['**/*.ts'],
    rules: {
      // The architecture, enforced by kind: contracts depend on nothing; util (pure code) on util, contracts;
      // platform (Nest, PostgreSQL, Kafka, HTTP plumbing) on those and platform; services on libs, never
      // on each other or on test helpers (their tests may: see below).
      '@nx/enforce-module-boundaries': ['error', boundaries({ testCode: false })],
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int.ts', 'test/**/*.ts', 'examples/**/*.ts', '**/bin/**/*.ts', 'scripts/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // Test code (and benches run by hand) may use the test helpers (type:testing); the code it tests may not.
    files: ['**/*.spec.ts', '**/*.int.ts', '**/src/testing/**/*.ts', '**/*.bench.ts'],
    rules: { '@nx/enforce-module-boundaries': ['error', boundaries({ testCode: true })] },
  },
  {
    // SQL lives in stores, named for what they keep, with methods named for what they do; controllers
    // and services call those. Migrations and the database plumbing (libs/database) hold SQL too.
    files: ['services/**/*.ts', 'libs/**/*.ts'],
    ignores: [
      '**/*.store.ts',
      '**/store/**',
      '**/migrations/**',
      '**/*.migration.ts',
      'libs/event-log/src/history/**',
      'libs/database/**',
      // The readiness probe's `SELECT 1` is the database's health, not data.
      'libs/service-kit/src/platform/platform-checks.ts',
      ...TEST_CODE,
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name=/^(query|createQueryBuilder)$/]',
          message: 'SQL lives in a store (a *.store.ts file or a store/ folder): call a store method named for what it does.',
        },
      ],
    },
  },
  {
    // A store keeps data: it does not call up into the code that uses it.
    files: ['**/*.store.ts', '**/store/**/*.ts'],
    ignores: TEST_CODE,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/*.controller', '**/*.service', '**/*.step', '**/*.steps'],
              message: 'a store imports models and libraries, never controllers, services or steps',
            },
          ],
        },
      ],
    },
  },
];
