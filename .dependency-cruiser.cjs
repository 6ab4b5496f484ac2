// Import boundaries, checked by `npm run lint` (inside `npm test`). See docs/architecture.md for the layers.
// Each rule names what it protects; a violation prints the rule's comment.
const AGENT_ORDER = ['core', 'page', 'browser', 'model', 'recipes', 'verify', 'release', 'booking'];
// What each agent folder may import from the others (types.ts is imported by all of them).
const AGENT_MAY_USE = {
  core: [],
  page: ['core'],
  browser: ['core', 'page'],
  model: ['core', 'page', 'browser'],
  recipes: ['core', 'page', 'browser'],
  verify: ['core', 'page', 'browser', 'model'],
  release: ['core', 'page', 'browser', 'model', 'recipes'],
  booking: ['core', 'page', 'browser', 'model', 'recipes', 'release', 'verify'],
};

const agentLayerRules = AGENT_ORDER.map((folder) => {
  const others = AGENT_ORDER.filter((f) => f !== folder && !AGENT_MAY_USE[folder].includes(f));
  return {
    name: `agent-${folder}-layer`,
    comment: `agent/${folder}/ may import only agent/{${AGENT_MAY_USE[folder].join(',') || 'nothing else'}}/ and agent/types.ts: the agent's folders depend one way.`,
    severity: 'error',
    from: { path: `^agent/${folder}/` },
    to: { path: `^agent/(?:${[...others.map((o) => `${o}/`), "session\\.ts", "index\\.ts"].join("|")})` },
  };
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Import cycles make a module impossible to understand (or load) on its own.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'agent-knows-nothing-of-the-app',
      comment: 'agent/ is plain Node: it knows nothing of Electron, the service, the store, the shared contract or the UI.',
      severity: 'error',
      from: { path: '^agent/' },
      to: { path: '^(?:electron|renderer|shared|scripts|tests)/' },
    },
    {
      name: 'agent-types-is-a-leaf',
      comment: 'agent/types.ts declares the public types and imports nothing, so it can never close a cycle.',
      severity: 'error',
      from: { path: '^agent/types\\.ts$' },
      to: { path: '^agent/' },
    },
    ...agentLayerRules,
    {
      name: 'shared-is-shared',
      comment: 'shared/ (contract, schemas, placeholders) is used by the renderer and the service; it imports neither, nor the agent.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(?:electron|renderer|agent|scripts|tests)/' },
    },
    {
      name: 'renderer-talks-through-the-contract',
      comment: 'The renderer reaches the service only through the typed API contract in shared/; it never imports the service, the shell or the agent.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^(?:electron|agent|scripts|tests)/' },
    },
    {
      name: 'service-does-not-know-the-shell',
      comment: 'The service runs headless too: it never imports the Electron shell (shell -> service -> agent).',
      severity: 'error',
      from: { path: '^electron/service/' },
      to: { path: '^electron/(?:main|preload)\\.ts$|^electron/shell/' },
    },
    {
      name: 'service-uses-the-agent-through-its-entry',
      comment:
        'The service uses the agent only through its entries: agent/index.ts (its public API, loaded lazily so an idle service carries no playwright-core) and agent/redact.ts (the redactor alone, light enough to load eagerly: one redactor for the agent and the service).',
      severity: 'error',
      from: { path: '^electron/' },
      to: { path: '^agent/(?!(?:index|redact)\\.ts$)' },
    },
    {
      name: 'electron-only-in-the-shell',
      comment: "Only the thin Electron shell (electron/main.ts, electron/preload.ts, electron/shell/) imports 'electron'; everything else runs and is tested without its binary.",
      severity: 'error',
      from: { pathNot: '^electron/(?:main|preload)\\.ts$|^electron/shell/|^tests/' },
      to: { path: '^(?:node_modules/electron/|electron$)' },
    },
    {
      name: 'tests-use-electron-types-only',
      comment: "Tests run without Electron's binary: they may import its types, never the module itself (its APIs are injected as fakes).",
      severity: 'error',
      from: { path: '^tests/' },
      to: { path: '^(?:node_modules/electron/|electron$)', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'app-code-does-not-import-tests',
      comment: 'Production code never depends on tests or scripts.',
      severity: 'error',
      from: { path: '^(?:agent|electron|renderer|shared)/' },
      to: { path: '^(?:tests|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(?:dist|test-output|release)/' },
    // Type-only imports count: a cycle through types is still a cycle for a reader.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.tsx', '.mjs', '.js', '.cjs', '.d.ts'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
