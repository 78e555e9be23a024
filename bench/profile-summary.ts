/**
 * Summarise a V8 `.cpuprofile` (from `node --cpu-prof`) by package and by our own module:
 * self time (where the CPU was when sampled) and inclusive time (samples with that package or
 * module anywhere on the stack), as shares of the sampled time, plus the top functions by self
 * time. Idle time is left out of the shares.
 * Usage: node --import tsx bench/profile-summary.ts FILE.cpuprofile [--top N] [--by module|package] [--callers NAME]
 * `--by module` (the default) splits our code by file (src/llm/model-call.ts); `--by package`
 * lumps it into `button (ours)`. `--callers NAME` also lists, for the time spent inside functions
 * called NAME, the nearest caller outside NAME's bucket (who makes `randomFillSync` busy).
 */
import { readFileSync } from "node:fs";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const file = args.find((arg) => !arg.startsWith("--"));
if (!file) {
  process.stderr.write("Usage: bench/profile-summary.ts FILE.cpuprofile [--top N] [--by module|package]\n");
  process.exit(2);
}
const option = (name: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};
const top = Number(option("top") ?? 25);
const byModule = (option("by") ?? "module") === "module";
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;

/** The bucket a frame's time belongs to: a package, one of our files, Node's internals, GC. */
function bucket(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (url === "") {
    if (functionName === "(garbage collector)") return "(GC)";
    if (functionName === "(program)" || functionName === "(idle)" || functionName === "(root)") return functionName;
    return "(native)";
  }
  const modules = url.lastIndexOf("/node_modules/");
  if (modules >= 0) {
    const parts = url.slice(modules + "/node_modules/".length).split("/");
    return parts[0]!.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  if (url.startsWith("node:")) return "node (internals)";
  const source = url.match(/\/((?:src|bench|test)\/.+)$/);
  if (source) return byModule ? source[1]! : "button (ours)";
  return "(other)";
}

const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const buckets = new Map(profile.nodes.map((node) => [node.id, bucket(node.callFrame)]));

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
const functions = new Map<string, number>();
const functionsInclusive = new Map<string, number>();
const callersOf = option("callers");
const callers = new Map<string, number>();
const describe = (node: ProfileNode) => `${node.callFrame.functionName || "(anonymous)"} ${buckets.get(node.id)}:${node.callFrame.lineNumber + 1}:${(node.callFrame as { columnNumber?: number }).columnNumber ?? 0}`;
let total = 0;
for (let index = 0; index < profile.samples.length; index++) {
  const id = profile.samples[index]!;
  const delta = profile.timeDeltas[index] ?? 0;
  const name = buckets.get(id)!;
  if (name === "(idle)") continue;
  total += delta;
  self.set(name, (self.get(name) ?? 0) + delta);
  const frame = nodes.get(id)!.callFrame;
  const where = `${frame.functionName || "(anonymous)"} ${name}:${frame.lineNumber + 1}`;
  functions.set(where, (functions.get(where) ?? 0) + delta);
  // Inclusive: count each bucket once per sample, however many of its frames are on the stack.
  const seen = new Set<string>();
  for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) seen.add(buckets.get(current)!);
  for (const entry of seen) inclusive.set(entry, (inclusive.get(entry) ?? 0) + delta);
  const seenFunctions = new Set<string>();
  for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) seenFunctions.add(describe(nodes.get(current)!));
  for (const entry of seenFunctions) functionsInclusive.set(entry, (functionsInclusive.get(entry) ?? 0) + delta);
  if (callersOf) {
    // The innermost frame named NAME on the stack, then the first frame above it from another bucket.
    let current: number | undefined = id;
    while (current !== undefined && nodes.get(current)!.callFrame.functionName !== callersOf) current = parent.get(current);
    if (current === undefined) continue;
    const own = buckets.get(current);
    while (current !== undefined && buckets.get(current) === own) current = parent.get(current);
    const caller = current === undefined ? "(top)" : describe(nodes.get(current)!);
    callers.set(caller, (callers.get(caller) ?? 0) + delta);
  }
}

const percent = (value: number) => `${((100 * value) / Math.max(1, total)).toFixed(1)}%`;
const rows = (map: Map<string, number>, limit: number) =>
  [...map]
    .filter(([name]) => name !== "(root)")
    .sort((left, right) => right[1] - left[1])
    .slice(0, limit);

const lines = [`${file}: ${(total / 1000).toFixed(0)} ms sampled (idle left out)`, "", "| bucket | self | inclusive |", "| --- | ---: | ---: |"];
for (const [name, value] of rows(self, top)) lines.push(`| ${name} | ${percent(value)} | ${percent(inclusive.get(name) ?? 0)} |`);
lines.push("", "| function (self time) | self |", "| --- | ---: |");
for (const [name, value] of rows(functions, top)) lines.push(`| ${name} | ${percent(value)} |`);
lines.push("", "| function (inclusive) | inclusive |", "| --- | ---: |");
for (const [name, value] of rows(functionsInclusive, top)) lines.push(`| ${name} | ${percent(value)} |`);
if (callersOf) {
  lines.push("", `| nearest caller of ${callersOf} from another bucket | inclusive |`, "| --- | ---: |");
  for (const [name, value] of rows(callers, top)) lines.push(`| ${name} | ${percent(value)} |`);
}
process.stdout.write(`${lines.join("\n")}\n`);
