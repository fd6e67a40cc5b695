import type { CodegenConfig } from '@graphql-codegen/cli';

// Generated code lives apart in src/__generated__ and is never edited by hand;
// `npm run codegen:check` (run by CI) fails when it is stale.
const config: CodegenConfig = {
  schema: 'schema/*.graphql',
  generates: {
    'src/__generated__/resolvers-types.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        // Apollo Federation 2 subgraph: types __resolveReference for the @key entities.
        federation: true,
        useTypeImports: true,
        // Const objects rather than TS enums, so mappers can check IVS values against the schema's own lists.
        enumsAsConst: true,
        // Required to hand the generated Resolvers to Apollo's resolver map types.
        useIndexSignature: true,
        contextType: '../graphql/context.js#Context',
        mappers: {
          StreamSession: '../ivs/models.js#StreamSessionModel',
          Channel: '../ivs/models.js#ChannelModel',
          Stream: '../ivs/models.js#StreamModel',
        },
        scalars: {
          DateTime: { input: 'Date', output: 'Date | string' },
          SafeInt: 'number',
          ID: 'string',
        },
      },
    },
  },
};

export default config;
