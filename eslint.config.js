import nx from '@nx/eslint-plugin';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// Module boundaries: the engine is pure computation (TensorFlow.js + data), never service code;
// libraries never import applications; the dashboard imports no workspace code. Tags live in each project.json.
export default [
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/.nx/**', 'runs/**', '**/*.mjs', 'coverage/**', 'apps/dashboard/.next/**', 'apps/dashboard/src/gql/**', 'apps/dashboard/next-env.d.ts'],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            // What each scope may use. The test toolkit (scope:testing) is open to every library's tests and, by
            // the rule further down, to test files only.
            { sourceTag: 'scope:contracts', onlyDependOnLibsWithTags: ['scope:testing'] },
            { sourceTag: 'scope:testing', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:data', onlyDependOnLibsWithTags: ['scope:testing'], bannedExternalImports: ['@nestjs/*', '@prisma/*', 'pg-boss', '@tensorflow/*'] },
            { sourceTag: 'scope:engine', onlyDependOnLibsWithTags: ['scope:data', 'scope:testing'], bannedExternalImports: ['@nestjs/*', '@prisma/*', 'pg-boss', 'express', 'next'] },
            // The paper's experiments: the engine and its data only, never the service.
            { sourceTag: 'scope:paper', onlyDependOnLibsWithTags: ['scope:engine', 'scope:data', 'scope:testing'], bannedExternalImports: ['@nestjs/*', '@prisma/*', 'pg-boss', 'express', 'next'] },
            { sourceTag: 'scope:access', onlyDependOnLibsWithTags: ['scope:contracts', 'scope:testing'], bannedExternalImports: ['@nestjs/*', '@tensorflow/*'] },
            // Its tests record the data library's datasets, as the API does.
            { sourceTag: 'scope:persistence', onlyDependOnLibsWithTags: ['scope:contracts', 'scope:data', 'scope:testing'], bannedExternalImports: ['@nestjs/*', 'pg-boss'] },
            // Its tests run pg-boss on the embedded database, which persistence opens.
            { sourceTag: 'scope:jobs', onlyDependOnLibsWithTags: ['scope:contracts', 'scope:persistence', 'scope:testing'], bannedExternalImports: ['@nestjs/*', '@prisma/*', '@tensorflow/*'] },
            { sourceTag: 'scope:serving', onlyDependOnLibsWithTags: ['scope:contracts', 'scope:engine', 'scope:data', 'scope:testing'], bannedExternalImports: ['@nestjs/*', '@prisma/*', 'pg-boss'] },
            {
              sourceTag: 'scope:training',
              onlyDependOnLibsWithTags: ['scope:contracts', 'scope:engine', 'scope:data', 'scope:persistence', 'scope:jobs', 'scope:testing'],
              bannedExternalImports: ['@nestjs/*', '@prisma/*'],
            },
            // The dashboard is a client of the API's public GraphQL/REST contract: no workspace code at all.
            { sourceTag: 'scope:dashboard', onlyDependOnLibsWithTags: [], bannedExternalImports: ['@nestjs/*', '@prisma/*', 'pg-boss', '@tensorflow/*'] },
            { sourceTag: 'type:lib', notDependOnLibsWithTags: ['type:app'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // The test toolkit is for tests: a library's or an app's own code never imports it.
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['**/*.spec.ts', '**/*.test-util.ts', '**/*.child.ts', 'test/**', '**/test/**', 'libs/testing/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: '@hsic/testing', message: 'the test toolkit is for specs and *.test-util.ts files only' }] }] },
  },
  {
    files: ['apps/dashboard/**/*.tsx', 'apps/dashboard/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
];
