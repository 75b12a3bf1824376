/**
 * The one-way flow: files -> ingest -> canonical tables -> analyses -> findings -> proposals ->
 * exports, and the shell boundary. `npm run lint` runs it; test/unit/layering.test.ts checks that
 * each rule fires on fixtures (test/fixtures/layering/, which mirror the repo's paths: every path
 * here is relative to the cruise's base dir) and that the tree passes.
 * `tsPreCompilationDeps: true` makes type-only imports count, for the layers and for cycles.
 */

/** Each src/ layer and the layers it may import besides itself (src/cli may import all of src). */
const SRC_LAYERS = {
  model: { may: [], why: 'canonical schema, money, currency, CSV, errors and pure types: nothing else in src' },
  engine: { may: ['model'], why: 'the Engine seam, SQL quoting, canonical DDL and engine builds' },
  ingest: { may: ['model', 'engine'], why: 'files -> canonical tables' },
  analysis: { may: ['model', 'engine'], why: 'canonical tables -> findings (never ingest, proposals or the run)' },
  proposals: { may: ['model', 'engine', 'analysis'], why: 'findings -> proposals and exports' },
  run: { may: ['model', 'engine', 'analysis', 'proposals'], why: 'the one analysis run: tables -> findings -> proposals' },
  warehouse: { may: ['model', 'engine', 'analysis'], why: 'warehouse sources: pushdown queries -> the usage aggregates and canonical rows' },
  queries: { may: ['model', 'engine', 'analysis', 'proposals', 'run'], why: "the screens' named queries, over the run's result tables" },
  host: { may: ['model'], why: 'the host contract (IPC types and validators) shared by the shell and the renderer' },
  'engine-host': {
    may: ['model', 'engine', 'host', 'warehouse'],
    why: "the native engine served to a renderer: the engine channel's service (and its warehouse pushdown), its transports, RemoteEngine",
  },
};
const LAYER_NAMES = [...Object.keys(SRC_LAYERS), 'cli'];
/** Node-only core files: the renderer never loads them, nor does any pure core file. */
const NODE_ONLY = '^src/.*/node-[^/]+\\.ts$';

const srcLayerRules = Object.entries(SRC_LAYERS).map(([name, { may, why }]) => ({
  name: `${name}-layer`,
  comment: `src/${name} (${why}) may import only ${may.length ? may.map((m) => `src/${m}`).join(', ') : 'itself'}.`,
  severity: 'error',
  from: { path: `^src/${name}/` },
  to: { path: `^src/(?!(${[name, ...may].join('|')})/)` },
}));

/** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
const forbidden = [
  {
    name: 'no-circular',
    comment: 'No import cycles anywhere, type-only imports included.',
    severity: 'error',
    from: {},
    to: { circular: true },
  },
  ...srcLayerRules,
  {
    name: 'src-folder-is-a-layer',
    comment: 'Every src/ folder is a layer with a rule here: a new folder gets its rule first.',
    severity: 'error',
    from: { path: '^src/', pathNot: `^src/(${LAYER_NAMES.join('|')})/` },
    to: {},
  },
  {
    name: 'src-not-to-apps',
    comment: 'The core (src/cli included) never imports the renderer, the shell, samples, tests or scripts: its data lives under src/.',
    severity: 'error',
    from: { path: '^src/' },
    to: { path: '^(renderer|electron|samples|test|scripts)/' },
  },
  {
    name: 'pure-core-not-to-node-only',
    comment: 'Pure core files run in Node and in the renderer: they never import a Node-only file (src/**/node-*.ts).',
    severity: 'error',
    from: { path: '^src/', pathNot: `^src/cli/|${NODE_ONLY}` },
    to: { path: NODE_ONLY },
  },
  {
    name: 'renderer-not-to-cli-node-or-shell',
    comment: 'The renderer runs in a sandboxed window: no src/cli, no Node-only file, no electron/ (the host contract is src/host).',
    severity: 'error',
    from: { path: '^renderer/' },
    to: { path: `^src/cli/|${NODE_ONLY}|^electron/` },
  },
  {
    name: 'renderer-no-node-builtins',
    comment: 'The renderer has no Node: no node:* or other built-in module.',
    severity: 'error',
    from: { path: '^renderer/' },
    to: { dependencyTypes: ['core'] },
  },
  {
    name: 'renderer-parts-not-to-app',
    comment:
      'renderer/components and renderer/engine never import the app (the store) or the features: they take what they need as props and arguments.',
    severity: 'error',
    from: { path: '^renderer/(components|engine)/' },
    to: { path: '^renderer/(app|features)/' },
  },
  {
    name: 'electron-to-host-and-model',
    comment: 'The shell imports the host contract (src/host) and the model only, never the renderer.',
    severity: 'error',
    from: { path: '^electron/' },
    to: { path: '^(src/(?!(host|model)/)|renderer/)' },
  },
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    // The layering fixtures break every rule on purpose; the test cruises them from their own dir.
    exclude: { path: '(^|/)(node_modules|dist|dist-electron|dist-cli|test-results|bench-data)/|^test/fixtures/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: `${__dirname}/tsconfig.json` },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.d.ts', '.mts', '.d.mts', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
