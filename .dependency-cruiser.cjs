// Architecture guard (docs/architecture.md §4 "Boundaries and layers"), run by `npm run lint` as
// `depcruise src`. Each rule's comment says what to do instead when it fires.

const testFile = '[.](?:spec|test)[.](?:js|mjs|cjs|jsx|ts|mts|cts|tsx)$';

/** I/O a domain layer must not touch: it stays pure TypeScript, unit tested without a database. */
const ioPackages = [
  // node core: file system, network, processes
  '^(?:node:)?(?:fs|fs/promises|net|http|https|http2|tls|dgram|child_process|cluster|worker_threads)$',
  // drivers, ORM, job runner, HTTP framework, external providers
  '^node_modules/(?:pg|pg-pool|ioredis|drizzle-orm|pg-boss|fastify[^/]*|openai|nodemailer)/',
  '^node_modules/@(?:electric-sql|fastify)/',
  // the platform's I/O adapters (src/platform/errors and pure types stay allowed)
  '^src/platform/(?:db|cache|jobs|http)/',
  '^src/platform/runtime[.]ts$',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'module-only-through-index',
      severity: 'error',
      comment:
        'A module may use another module only through its index.ts (facade and public types). ' +
        "Export what you need from that module's index.ts, or react to its domain events.",
      from: { path: '^src/modules/([^/]+)/' },
      to: {
        path: '^src/modules/[^/]+/',
        pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index[.]ts$'],
      },
    },
    {
      name: 'app-only-through-module-index',
      severity: 'error',
      comment:
        'The composition root (src/app, src/main.ts) registers modules through their index.ts; ' +
        'it never reaches into a module.',
      from: { path: '^src/(?:app/|main[.]ts$)' },
      to: { path: '^src/modules/[^/]+/', pathNot: '^src/modules/[^/]+/index[.]ts$' },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment:
        'Domain code (src/modules/*/domain) is pure: no file system, network, database, cache, ' +
        'jobs or HTTP. Put the I/O in application/ or infrastructure/ and pass plain data in.',
      from: { path: '^src/modules/[^/]+/domain/' },
      to: { path: ioPackages },
    },
    {
      name: 'transports-apart',
      severity: 'error',
      comment:
        'Inside a module, http/ and mcp/ are two transports over the same application/: neither ' +
        'imports the other. Move the shared schema, view or rule into application/ (or domain/).',
      from: { path: '^src/modules/([^/]+)/(http|mcp)/' },
      to: { path: '^src/modules/$1/(?:http|mcp)/', pathNot: '^src/modules/$1/$2/' },
    },
    {
      name: 'core-not-to-transports',
      severity: 'error',
      comment:
        'application/, domain/ and infrastructure/ know no transport: HTTP and MCP call them, ' +
        'never the other way round. Move the piece both need out of http/ or mcp/.',
      from: { path: '^src/modules/([^/]+)/(?:application|domain|infrastructure)/' },
      to: { path: '^src/modules/$1/(?:http|mcp)/' },
    },
    {
      name: 'platform-not-to-modules',
      severity: 'error',
      comment:
        'The platform is the runtime every module uses; it knows no module (not even their types). ' +
        'Move the shared type into src/platform, or let the module register itself.',
      from: { path: '^src/platform/' },
      to: { path: '^src/(?:modules|app)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Circular runtime imports make load order matter and modules inseparable. Break the cycle ' +
        '(move the shared piece down, or invert the dependency). Cycles that pass through a ' +
        'type-only import are erased at compile time and allowed.',
      from: { path: '^src/' },
      to: {
        circular: true,
        viaOnly: { dependencyTypesNot: ['type-only'] },
      },
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment:
        'Production code must not need a devDependency: `npm ci --omit=dev` in the image would ' +
        'break it. Move the package to dependencies, or import it type-only.',
      from: { path: '^src/', pathNot: testFile },
      to: {
        dependencyTypes: ['npm-dev'],
        dependencyTypesNot: ['type-only'],
        pathNot: ['node_modules/@types/'],
      },
    },
    {
      name: 'no-non-package-json',
      severity: 'error',
      comment:
        'This imports a package that is not in package.json (a transitive dependency, perhaps). ' +
        'Declare it, or it may vanish on the next install.',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'This import cannot be resolved to a file.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'not-to-test',
      severity: 'error',
      comment: 'Production code must not import test files.',
      from: { pathNot: testFile },
      to: { path: testFile },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    // Without this, `import type` edges vanish and the type-only exceptions above mean nothing.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
