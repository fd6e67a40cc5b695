/**
 * The layering of src/ (docs/architecture.md): a module imports only from its own layer or lower
 * ones, and no chain of value imports comes back to where it started. The generated resolver types
 * are exempt from the layers: at run time they are a leaf (enum constants), and their type-only imports
 * of the Context and the models are the small knot codegen's contextType and mappers make by design.
 * Express, ws and graphql-sse are for the HTTP layer (and the composition root) only.
 */
const LAYERS = [
  ['kernel', '^src/kernel/'],
  ['platform', '^src/platform/'],
  ['upstream', '^src/upstream/'],
  ['cache', '^src/cache/'],
  ['ivs', '^src/ivs/'],
  ['auth-live', '^src/(auth|live)/'],
  ['graphql', '^src/(graphql|__generated__)/'],
  ['http', '^src/http/'],
  ['composition', '^src/(config/|app\\.ts$|main\\.ts$)'],
];

const upward = LAYERS.flatMap(([name, path], i) => {
  const higher = LAYERS.slice(i + 1).map(([, p]) => p);
  if (higher.length === 0) return [];
  return [
    {
      name: `no-upward-from-${name}`,
      comment: `${name} may import only from its own layer or lower ones`,
      severity: 'error',
      from: { path },
      to: { path: higher, pathNot: '^src/__generated__/', dependencyTypesNot: [] },
    },
  ];
});

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'frameworks-only-in-http',
      comment: 'everything that touches Express, ws or graphql-sse lives in src/http/',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(http/|embedded-ivs/|app\\.ts$)' },
      to: { path: '^node_modules/(@types/)?(express|express-serve-static-core|ws|graphql-ws|graphql-sse|cors)/' },
    },
    {
      name: 'no-value-cycle',
      comment: 'a cycle of value imports makes module evaluation order matter',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'embedded-ivs-self-contained',
      comment: 'the embedded IVS shares nothing with the gateway but the wire protocol',
      severity: 'error',
      from: { path: '^src/embedded-ivs/' },
      to: { path: '^src/', pathNot: '^src/embedded-ivs/' },
    },
    {
      name: 'only-composition-starts-embedded-ivs',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(embedded-ivs/|app\\.ts$)' },
      to: { path: '^src/embedded-ivs/' },
    },
  ],
  options: {
    includeOnly: '^(src/|node_modules/(@types/)?(express|express-serve-static-core|ws|graphql-ws|graphql-sse|cors)/)',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
