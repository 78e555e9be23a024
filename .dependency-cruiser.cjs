/**
 * The layering of src/ as ARCHITECTURE.md describes it, checked by dependency-cruiser in
 * `npm test` (`npm run check:layers`). Each layer may import only the layers listed for it.
 */
const layers = {
  errors: { path: "^src/errors\\.ts$", may: [] },
  util: { path: "^src/util/", may: ["errors"] },
  schema: { path: "^src/schema/", may: ["errors", "util"] },
  tools: { path: "^src/tools/", may: ["errors", "util", "schema"] },
  formats: { path: "^src/formats/", may: ["errors", "util", "schema", "tools"] },
  llm: { path: "^src/llm/", may: ["errors", "util", "schema", "tools"] },
  agents: { path: "^src/agents/", may: ["errors", "util", "schema", "tools", "formats", "llm"] },
  verify: { path: "^src/verify/", may: ["errors", "util", "schema", "tools", "formats", "llm", "agents"] },
  report: { path: "^src/report/", may: ["errors", "util", "schema", "tools", "formats", "llm", "agents", "verify"] },
  preferences: { path: "^src/preferences/", may: ["errors", "util", "schema", "tools", "formats", "llm", "agents", "verify"] },
  models: { path: "^src/models/", may: ["errors", "util", "schema", "tools", "formats", "llm", "agents", "verify"] },
  graphs: { path: "^src/graphs/", may: ["errors", "util", "schema", "tools", "formats", "llm", "agents", "models", "verify", "preferences"] },
  run: { path: "^src/run/", may: ["errors", "util", "schema", "tools", "formats", "llm", "agents", "models", "verify", "report", "preferences", "graphs"] },
  cli: { path: "^src/cli/", may: ["errors", "util", "schema", "tools", "formats", "llm", "agents", "models", "verify", "report", "preferences", "graphs", "run"] },
  entry: { path: "^src/(index|testing)\\.ts$", may: ["errors", "util", "schema", "tools", "formats", "llm", "agents", "models", "verify", "report", "preferences", "graphs", "run"] },
};

const layerRules = Object.entries(layers).map(([name, layer]) => ({
  name: `layer-${name}`,
  comment: `${name} may import only: ${layer.may.join(", ") || "nothing in src"} (see ARCHITECTURE.md)`,
  severity: "error",
  from: { path: layer.path },
  to: { path: "^src/", pathNot: [layer.path, ...layer.may.map((allowed) => layers[allowed].path)] },
}));

module.exports = {
  forbidden: [
    { name: "no-cycles", comment: "no module may reach itself through its imports", severity: "error", from: { path: "^src/" }, to: { circular: true } },
    ...layerRules,
    {
      name: "no-file-io-in-agents-and-trajectories",
      comment: "agents and the trajectory graph take sources and sinks, so they run the same from files, a queue or memory",
      severity: "error",
      from: { path: "^src/(agents|graphs/trajectory)/" },
      to: { path: "^(node:)?fs(/promises)?$" },
    },
    {
      name: "one-line-reader",
      comment: "files are split into lines only by src/util/jsonl-reader.ts (BOM, CRLF, UTF-8, torn tails handled once); the cli may still prompt on a terminal",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/cli/" },
      to: { path: "^(node:)?readline(/promises)?$" },
    },
    {
      name: "src-stays-in-src",
      comment: "the library never imports tests, benchmarks or examples",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^(test|bench|examples)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
  },
};
