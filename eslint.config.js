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
            { sourceTag: 'scope:data', onlyDependOnLibsWithTags: [], bannedExternalImports: ['@nestjs/*', '@prisma/*', 'pg-boss', '@tensorflow/*'] },
            { sourceTag: 'scope:engine', onlyDependOnLibsWithTags: ['scope:data'], bannedExternalImports: ['@nestjs/*', '@prisma/*', 'pg-boss', 'express', 'next'] },
            // The paper's experiments: the engine and its data only, never the service.
            { sourceTag: 'scope:paper', onlyDependOnLibsWithTags: ['scope:engine', 'scope:data'], bannedExternalImports: ['@nestjs/*', '@prisma/*', 'pg-boss', 'express', 'next'] },
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
    files: ['apps/dashboard/**/*.tsx', 'apps/dashboard/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
];
