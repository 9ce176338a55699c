// Typed GraphQL documents from the API's schema file (apps/api/schema.graphql, the contract the API prints
// from its resolvers). Every document in src is checked against it: a schema change that breaks one fails
// `npm run codegen`, and a changed field type fails the type check of `next build`.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../api/schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*'],
  ignoreNoDocuments: false,
  errorsOnly: true,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
        scalars: { DateTime: 'string', JSON: 'unknown', NumberColumn: '(number | null)[]' },
      },
    },
  },
};

export default config;
