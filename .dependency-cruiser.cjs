// The direction of the layers (see CONTRIBUTING.md), checked in `npm run lint`:
//   functions/ → shared/entry → shared/app → shared/domain ← shared/adapters
// Type-only imports count: a cycle or a wrong-way edge through types is still one.

/** npm packages the pure layers may use: schemas, RFC 8785 canonical JSON, bounded concurrency, RE2. */
const PURE_PACKAGES = '^node_modules/(zod|canonicalize|p-map|re2js)/';
/** Node built-ins without I/O. */
const PURE_BUILTINS = '^(node:)?(crypto|buffer)$';

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Modules must form a DAG; a cycle means a concept lives in the wrong file.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'shared/domain holds the model and the ports: no adapters, no use cases, no AWS SDK, middy or Powertools.',
      from: { path: '^shared/domain/' },
      to: { pathNot: ['^shared/domain/', PURE_PACKAGES, PURE_BUILTINS] },
    },
    {
      name: 'application-imports-only-the-domain',
      severity: 'error',
      comment: 'Use cases (shared/app) reach the world through ports declared in shared/domain.',
      from: { path: '^shared/app/' },
      to: { pathNot: ['^shared/app/', '^shared/domain/', PURE_PACKAGES, PURE_BUILTINS] },
    },
    {
      name: 'adapters-implement-the-domain',
      severity: 'error',
      comment: 'Adapters implement domain ports; they never call use cases or the entry layer.',
      from: { path: '^shared/adapters/' },
      to: { path: ['^shared/app/', '^shared/entry/', '^functions/'] },
    },
    {
      name: 'nothing-imports-handlers',
      severity: 'error',
      comment: 'functions/ is the top: handlers are entry points, not libraries.',
      from: { path: '^shared/' },
      to: { path: '^functions/' },
    },
    {
      name: 'production-code-imports-no-tooling',
      severity: 'error',
      comment: 'Deployed code never reaches tests, scripts or benches.',
      from: { path: '^(shared|functions)/' },
      to: { path: '^(test|scripts|bench)/' },
    },
    {
      name: 'console-talks-to-the-api',
      severity: 'error',
      comment: 'The console (a browser app) reaches the service through its HTTP API; from shared it takes only the pure domain.',
      from: { path: '^console/src/' },
      to: { path: ['^shared/(app|adapters|entry)/', '^(functions|scripts|test|bench)/', '^node_modules/@aws-sdk/'] },
    },
    {
      name: 'console-runs-in-the-browser',
      severity: 'error',
      comment: 'No Node built-ins in the browser bundle.',
      from: { path: '^console/src/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    // Only the deployed code: tests, scripts and benches may reach any layer.
    includeOnly: '^(shared|functions|console/src)/',
  },
};
