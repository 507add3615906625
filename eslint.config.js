// Lint: TypeScript rules plus Nx module boundaries. Apps (scope:service) may depend only on shared libs;
// shared libs never depend on apps; nothing imports another app; test helpers stay out of production code.
const nx = require('@nx/eslint-plugin');

module.exports = [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: ['**/node_modules/**', 'dist/**', '.local/**', 'reports/**', 'coverage/**', 'deploy/local/kafka/target/**', '.nx/**'],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:service', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      // Non-null assertions are used where a preceding check guarantees the value (Map lookups, regex groups).
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Explicit property types are what emitDecoratorMetadata records; config and DTO classes need them.
      '@typescript-eslint/no-inferrable-types': 'off',
    },
  },
  {
    files: ['**/*.cjs', '**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
