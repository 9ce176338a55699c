import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Module boundaries: the engine is pure computation (TensorFlow.js + data), never service code;
// libraries never import applications. Tags live in each project.json.
export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.nx/**', 'runs/**', '**/*.mjs', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:data', onlyDependOnLibsWithTags: [], bannedExternalImports: ['@nestjs/*', '@prisma/*', 'pg-boss', '@tensorflow/*'] },
            { sourceTag: 'scope:engine', onlyDependOnLibsWithTags: ['scope:data'], bannedExternalImports: ['@nestjs/*', '@prisma/*', 'pg-boss', 'express', 'next'] },
            { sourceTag: 'type:lib', notDependOnLibsWithTags: ['type:app'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
];
