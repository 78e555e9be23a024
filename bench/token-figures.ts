/**
 * Tokens per accepted trajectory by role, native against tagged protocol, and the share of each
 * prompt that is a stable prefix a provider's prompt cache could reuse; for `runSimulation` and
 * for the naive `graph.batch` baseline of bench/latency-run.ts.
 *
 * Tokens are counted on the prompts actually sent: a LangChain callback handler (the public
 * `tracing.callbacks` option) records every chat model call's messages and bound tools, and
 * js-tiktoken (o200k_base) counts them rendered one way for both protocols (see `renderPrompt`).
 * The offline `sim` model answers, so no key is needed.
 *
 * Standalone: `node --import tsx bench/token-figures.ts` rewrites its section of bench/RESULTS.md.
 * bench/run.ts calls `tokenFiguresSection()` for the same section in a full run.
 * Options: BENCH_TOKEN_TASKS (generated tasks, default 100).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import type { BaseMessage } from "@langchain/core/messages";
import type { LLMResult } from "@langchain/core/outputs";
import type { Serialized } from "@langchain/core/load/serializable";
import type { Tiktoken } from "js-tiktoken/lite";
import type { ProtocolName } from "../src/agents/assistant-protocol.js";
import { loadTokenizer } from "../src/formats/export/record-tokens.js";
import { trajectoryGraph } from "../src/graphs/trajectory-graph-builder.js";
import { resolveSimulationOptions } from "../src/graphs/trajectory/simulation-options.js";
import { toTrajectoryRecord } from "../src/graphs/trajectory/trajectory-record.js";
import type { TrajectoryStateValue } from "../src/graphs/trajectory/trajectory-state.js";
import { resolveRoleModels } from "../src/models/resolve-model.js";
import { SimChatModel } from "../src/models/sim/sim-chat-model.js";
import { runSimulation } from "../src/run/run-simulation.js";
import { parseTask, type TaskRecord } from "../src/schema/task.js";
import { generateTasks, tasksJsonl } from "../test/run/generate-tasks.js";
import { cacheableTokens, callPrefixes, OPENAI_CACHE_RULE, type PromptCall } from "./prompt-prefix.js";

export const SECTION_HEADING = "## Tokens per trajectory and stable prompt prefixes";

const FIXTURE = fileURLToPath(new URL("./fixtures/token-tasks.jsonl", import.meta.url));
const RESULTS = fileURLToPath(new URL("./RESULTS.md", import.meta.url));
/** The role order of the tables; a role outside it (a custom one) is listed after these. */
const ROLE_ORDER = ["user", "assistant", "tool", "judge"];
/** The roles both drivers have: the baseline has no judge, so ratios are over these. */
const SHARED_ROLES = ["user", "assistant", "tool"];
/** Message delimiters (`<|im_start|>`, `<|im_end|>` in ChatML): one token each, never merged with text. */
const MESSAGE_START = -1;
const MESSAGE_END = -2;

/** One captured model call. */
interface CapturedCall {
  role: string;
  /** The task id (the trajectory), from the call's labels or, for the judge, its prompt. */
  trajectory: string;
  prompt: number[];
  completion: number;
}

/**
 * Renders what a provider puts in the prompt: the bound tools' JSON first (providers place tool
 * definitions ahead of the messages), then each message as `START role\n body END`. A body is the
 * text, plus for an assistant message each tool call as `{"name","arguments"}` JSON. Each piece is
 * tokenised on its own, as chat templates' special tokens keep BPE from merging across them, so
 * pieces are cached and the counts stay quick.
 */
export class PromptRenderer {
  private readonly pieces = new Map<string, number[]>();

  constructor(private readonly tokenizer: Tiktoken) {}

  private encode(text: string): number[] {
    let tokens = this.pieces.get(text);
    if (!tokens) {
      tokens = this.tokenizer.encode(text, [], []);
      this.pieces.set(text, tokens);
    }
    return tokens;
  }

  renderPrompt(messages: BaseMessage[], tools: readonly unknown[]): number[] {
    const out: number[] = [];
    const segment = (role: string, parts: string[]) => {
      out.push(MESSAGE_START, ...this.encode(`${role}\n`));
      for (const part of parts) out.push(...this.encode(part));
      out.push(MESSAGE_END);
    };
    if (tools.length > 0) segment("tools", [JSON.stringify(tools)]);
    for (const message of messages) segment(roleName(message), bodyParts(message));
    return out;
  }

  /** The reply's tokens: its text and its tool calls' JSON, without delimiters. */
  completionTokens(message: BaseMessage): number {
    return bodyParts(message).reduce((sum, part) => sum + this.encode(part).length, 0);
  }
}

function roleName(message: BaseMessage): string {
  const type = message.getType();
  return type === "human" ? "user" : type === "ai" ? "assistant" : type;
}

function bodyParts(message: BaseMessage): string[] {
  const parts = [typeof message.content === "string" ? message.content : JSON.stringify(message.content)];
  const calls = (message as { tool_calls?: { name: string; args: unknown }[] }).tool_calls ?? [];
  for (const call of calls) parts.push(JSON.stringify({ name: call.name, arguments: call.args }));
  return parts;
}

interface RecorderSettings {
  renderer: PromptRenderer;
  /** The role for calls that carry no role label (the judge's model has its own recorder). */
  fixedRole?: string;
  /** Task text → task id, to place the judge's calls, which carry no task label. */
  taskByText?: Map<string, string>;
  /** Shared with copies: LangChain may copy a handler (`copy()` passes the handler itself here). */
  calls?: CapturedCall[];
  open?: Map<string, CapturedCall>;
}

/** Records every chat model call it sees: role and task from the call's labels, prompt, reply. */
class PromptRecorder extends BaseCallbackHandler implements RecorderSettings {
  name = "bench-prompt-recorder";
  readonly renderer: PromptRenderer;
  readonly fixedRole?: string;
  readonly taskByText?: Map<string, string>;
  readonly calls: CapturedCall[];
  readonly open: Map<string, CapturedCall>;

  constructor(settings: RecorderSettings) {
    // Awaited, not in the background: a call is recorded before the next one starts (call order is
    // what "previous call" means), and all are recorded when the run returns. A call without labels fails the run.
    super({ raiseError: true });
    this.renderer = settings.renderer;
    this.fixedRole = settings.fixedRole;
    this.taskByText = settings.taskByText;
    this.calls = settings.calls ?? [];
    this.open = settings.open ?? new Map();
  }

  override async handleChatModelStart(
    _model: Serialized,
    messages: BaseMessage[][],
    runId: string,
    _parentRunId?: string,
    extra?: Record<string, unknown>,
    tags?: string[],
    metadata?: Record<string, unknown>,
  ): Promise<void> {
    const options = (extra?.options ?? {}) as { tools?: unknown[] };
    const prompt = messages[0] ?? [];
    const role = this.fixedRole ?? labelOf("role", tags, metadata);
    const trajectory = labelOf("task", tags, metadata, "task_id") ?? this.taskOf(prompt);
    if (!role || !trajectory) throw new Error(`a model call without a role or task label (tags: ${(tags ?? []).join(", ")})`);
    const call: CapturedCall = { role, trajectory, prompt: this.renderer.renderPrompt(prompt, options.tools ?? []), completion: 0 };
    this.open.set(runId, call);
    this.calls.push(call);
  }

  override async handleLLMEnd(output: LLMResult, runId: string): Promise<void> {
    const call = this.open.get(runId);
    this.open.delete(runId);
    const message = (output.generations[0]?.[0] as { message?: BaseMessage } | undefined)?.message;
    if (call && message) call.completion = this.renderer.completionTokens(message);
  }

  private taskOf(prompt: BaseMessage[]): string | undefined {
    for (const message of prompt) {
      const text = typeof message.content === "string" ? message.content : "";
      const match = /<task>\n([\s\S]*?)\n<\/task>/.exec(text);
      if (match) return this.taskByText?.get(match[1]!);
    }
    return undefined;
  }
}

function labelOf(name: string, tags: string[] | undefined, metadata: Record<string, unknown> | undefined, key = name): string | undefined {
  const value = metadata?.[key];
  if (typeof value === "string") return value;
  const tag = (tags ?? []).find((entry) => entry.startsWith(`button:${name}:`));
  return tag?.slice(`button:${name}:`.length);
}

/** Per-role sums over one run. */
interface RoleFigures {
  calls: number;
  /** Calls whose prompt reaches the cache rule's minimum length. */
  long: number;
  /** Calls that follow an earlier call of their role on their trajectory, and of those, the ones whose prompt starts with all of it. */
  followers: number;
  extending: number;
  prompt: number;
  completion: number;
  previous: number;
  previousCacheable: number;
  earlier: number;
  earlierCacheable: number;
}

interface RunFigures {
  tasks: string;
  protocol: ProtocolName;
  driver: "runSimulation" | "naive graph.batch";
  trajectories: number;
  accepted: number;
  roles: Map<string, RoleFigures>;
  /** Prompts by task, role and call number, to compare the two drivers call by call. */
  prompts: Map<string, number[]>;
}

function summarise(calls: CapturedCall[], base: Omit<RunFigures, "roles" | "prompts">): RunFigures {
  const prefixes = callPrefixes(calls.map((call): PromptCall => ({ role: call.role, trajectory: call.trajectory, tokens: call.prompt })));
  const roles = new Map<string, RoleFigures>();
  const prompts = new Map<string, number[]>();
  const seen = new Map<string, number>();
  calls.forEach((call, index) => {
    const figures = roles.get(call.role) ?? { calls: 0, long: 0, followers: 0, extending: 0, prompt: 0, completion: 0, previous: 0, previousCacheable: 0, earlier: 0, earlierCacheable: 0 };
    const prefix = prefixes[index]!;
    figures.calls++;
    if (call.prompt.length >= OPENAI_CACHE_RULE.minimum) figures.long++;
    if (prefix.previousLength > 0) {
      figures.followers++;
      // The previous prompt ends with its last message's end delimiter, so a whole match means nothing before was rewritten.
      if (prefix.previous === prefix.previousLength) figures.extending++;
    }
    figures.prompt += call.prompt.length;
    figures.completion += call.completion;
    figures.previous += prefix.previous;
    figures.previousCacheable += cacheableTokens(prefix.previous);
    figures.earlier += prefix.earlier;
    figures.earlierCacheable += cacheableTokens(prefix.earlier);
    roles.set(call.role, figures);
    const key = `${call.trajectory}|${call.role}`;
    const number = seen.get(key) ?? 0;
    seen.set(key, number + 1);
    prompts.set(`${key}|${number}`, call.prompt);
  });
  return { ...base, roles, prompts };
}

async function measureRun(input: {
  label: string;
  tasks: TaskRecord[];
  path: string;
  protocol: ProtocolName;
  driver: RunFigures["driver"];
  renderer: PromptRenderer;
  directory: string;
  concurrency: number;
}): Promise<RunFigures> {
  const recorder = new PromptRecorder({ renderer: input.renderer });
  const models = resolveRoleModels({ model: "sim" });
  const base = { tasks: input.label, protocol: input.protocol, driver: input.driver };
  if (input.driver === "runSimulation") {
    // The judge's calls carry no labels, so its model gets its own recorder; the prompt names the task.
    const taskByText = new Map(input.tasks.map((task) => [task.task, task.id]));
    const judgeRecorder = new PromptRecorder({ renderer: input.renderer, fixedRole: "judge", taskByText });
    let trajectories = 0;
    let accepted = 0;
    await runSimulation({
      tasks: input.path,
      outDir: join(input.directory, `${input.label}-${input.protocol}`.replace(/[^a-z0-9-]+/gi, "-")),
      simulation: { models, protocol: input.protocol, tracing: { callbacks: [recorder] } },
      judge: { model: new SimChatModel({ seed: 0, callbacks: [judgeRecorder] }) },
      concurrency: input.concurrency,
      progress: false,
      onRecord: (_record, ok) => {
        trajectories++;
        if (ok) accepted++;
      },
    });
    return summarise([...recorder.calls, ...judgeRecorder.calls], { ...base, trajectories, accepted });
  }
  // The baseline of bench/latency-run.ts: one compiled graph, `graph.batch` over every task, no checks.
  const resolved = resolveSimulationOptions({ models, protocol: input.protocol });
  const graph = trajectoryGraph().compile(resolved);
  const states = (await graph.batch(
    input.tasks.map((task) => ({ task })),
    { recursionLimit: 50, maxConcurrency: input.concurrency, callbacks: [recorder] },
  )) as TrajectoryStateValue[];
  const records = states.map((state) => toTrajectoryRecord(state, resolved));
  return summarise(recorder.calls, { ...base, trajectories: records.length, accepted: records.filter((record) => record.reason === undefined).length });
}

export interface TokenFigureOptions {
  /** Generated tasks (test/run/generate-tasks.ts, as the rest of the benchmark uses); default 100. */
  generatedTasks?: number;
  /** Trajectories in flight in both drivers (default 8). */
  concurrency?: number;
}

/** Runs every configuration and returns the section of bench/RESULTS.md, heading included. */
export async function tokenFiguresSection(options: TokenFigureOptions = {}): Promise<string> {
  const generated = options.generatedTasks ?? Number(process.env.BENCH_TOKEN_TASKS ?? 100);
  const concurrency = options.concurrency ?? 8;
  const renderer = new PromptRenderer(await loadTokenizer("o200k_base"));
  const directory = mkdtempSync(join(tmpdir(), "button-token-figures-"));
  const started = performance.now();
  try {
    const generatedPath = join(directory, "generated.jsonl");
    writeFileSync(generatedPath, tasksJsonl(generateTasks(generated)));
    const sets = [
      { label: `generated (${generated})`, path: generatedPath },
      { label: "fresh fixture (8)", path: FIXTURE },
    ];
    const runs: RunFigures[] = [];
    for (const set of sets) {
      const tasks = readFileSync(set.path, "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => parseTask(JSON.parse(line)));
      for (const protocol of ["native", "tagged"] as const) {
        for (const driver of ["runSimulation", "naive graph.batch"] as const) {
          runs.push(await measureRun({ label: set.label, tasks, path: set.path, protocol, driver, renderer, directory, concurrency }));
        }
      }
    }
    return renderSection(runs, { generated, concurrency, seconds: (performance.now() - started) / 1000 });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

function total(run: RunFigures, roles: readonly string[]): RoleFigures {
  const sum: RoleFigures = { calls: 0, long: 0, followers: 0, extending: 0, prompt: 0, completion: 0, previous: 0, previousCacheable: 0, earlier: 0, earlierCacheable: 0 };
  for (const role of roles) {
    const figures = run.roles.get(role);
    if (!figures) continue;
    for (const key of Object.keys(sum) as (keyof RoleFigures)[]) sum[key] += figures[key];
  }
  return sum;
}

const share = (part: number, whole: number) => (whole > 0 ? part / whole : 0);
const percent = (value: number) => `${(100 * value).toFixed(1)}%`;
const ratio = (ours: number, theirs: number) => (theirs > 0 ? (ours / theirs).toFixed(2) : "—");

function figureCells(figures: RoleFigures, accepted: number): string[] {
  const per = (value: number) => (accepted > 0 ? (value / accepted).toFixed(1) : "—");
  return [
    per(figures.calls),
    percent(share(figures.long, figures.calls)),
    figures.followers > 0 ? `${figures.extending}/${figures.followers}` : "—",
    per(figures.prompt),
    per(figures.completion),
    percent(share(figures.previous, figures.prompt)),
    percent(share(figures.previousCacheable, figures.prompt)),
    percent(share(figures.earlier, figures.prompt)),
    percent(share(figures.earlierCacheable, figures.prompt)),
  ];
}

function orderedRoles(run: RunFigures): string[] {
  const present = [...run.roles.keys()];
  return [...ROLE_ORDER.filter((role) => present.includes(role)), ...present.filter((role) => !ROLE_ORDER.includes(role)).sort()];
}

function renderSection(runs: RunFigures[], setting: { generated: number; concurrency: number; seconds: number }): string {
  const figureRows: string[] = [];
  for (const run of runs) {
    const roles = orderedRoles(run);
    for (const role of roles) {
      figureRows.push(`| ${run.tasks} | ${run.protocol} | ${run.driver} | ${role} | ${figureCells(run.roles.get(role)!, run.accepted).join(" | ")} |`);
    }
    figureRows.push(`| ${run.tasks} | ${run.protocol} | ${run.driver} | **all roles** | ${figureCells(total(run, roles), run.accepted).join(" | ")} |`);
  }
  const find = (tasks: string, protocol: ProtocolName, driver: RunFigures["driver"]) =>
    runs.find((run) => run.tasks === tasks && run.protocol === protocol && run.driver === driver)!;
  const baselineRows: string[] = [];
  let identicalAll = 0;
  let comparedAll = 0;
  const protocolRows: string[] = [];
  for (const tasks of [...new Set(runs.map((run) => run.tasks))]) {
    for (const protocol of ["native", "tagged"] as const) {
      const ours = find(tasks, protocol, "runSimulation");
      const naive = find(tasks, protocol, "naive graph.batch");
      let identical = 0;
      let compared = 0;
      for (const [key, prompt] of naive.prompts) {
        const other = ours.prompts.get(key);
        compared++;
        if (other && other.length === prompt.length && other.every((token, index) => token === prompt[index])) identical++;
      }
      identicalAll += identical;
      comparedAll += compared;
      const a = total(ours, SHARED_ROLES);
      const b = total(naive, SHARED_ROLES);
      const perOurs = (value: number) => value / Math.max(1, ours.accepted);
      const perNaive = (value: number) => value / Math.max(1, naive.accepted);
      baselineRows.push(
        `| ${tasks} | ${protocol} | ${ours.accepted}/${ours.trajectories} | ${naive.accepted}/${naive.trajectories} | ${identical}/${compared} | ` +
          `${ratio(perOurs(a.prompt), perNaive(b.prompt))} | ${ratio(perOurs(a.completion), perNaive(b.completion))} | ` +
          `${ratio(share(a.previous, a.prompt), share(b.previous, b.prompt))} | ${ratio(share(a.previousCacheable, a.prompt), share(b.previousCacheable, b.prompt))} | ` +
          `${ratio(share(a.earlier, a.prompt), share(b.earlier, b.prompt))} | ${ratio(share(a.earlierCacheable, a.prompt), share(b.earlierCacheable, b.prompt))} |`,
      );
    }
    const native = find(tasks, "native", "runSimulation");
    const tagged = find(tasks, "tagged", "runSimulation");
    for (const role of [...SHARED_ROLES, "judge"]) {
      const n = native.roles.get(role);
      const t = tagged.roles.get(role);
      if (!n || !t) continue;
      protocolRows.push(
        `| ${tasks} | ${role} | ${ratio(t.prompt / Math.max(1, tagged.accepted), n.prompt / Math.max(1, native.accepted))} | ` +
          `${ratio(t.completion / Math.max(1, tagged.accepted), n.completion / Math.max(1, native.accepted))} | ` +
          `${percent(share(n.previousCacheable, n.prompt))} → ${percent(share(t.previousCacheable, t.prompt))} |`,
      );
    }
    const n = total(native, SHARED_ROLES);
    const t = total(tagged, SHARED_ROLES);
    protocolRows.push(
      `| ${tasks} | **user+assistant+tool** | ${ratio(t.prompt / Math.max(1, tagged.accepted), n.prompt / Math.max(1, native.accepted))} | ` +
        `${ratio(t.completion / Math.max(1, tagged.accepted), n.completion / Math.max(1, native.accepted))} | ` +
        `${percent(share(n.previousCacheable, n.prompt))} → ${percent(share(t.previousCacheable, t.prompt))} |`,
    );
  }
  return [
    SECTION_HEADING,
    "",
    `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC with \`node --import tsx bench/token-figures.ts\` (also run by \`npm run bench\`), ` +
      `${setting.seconds.toFixed(0)} s for all ${runs.length} runs. Offline \`sim\` model for every role, ${setting.concurrency} trajectories in flight, seed 0.`,
    "",
    "**What is counted.** Every chat model call is captured as it is sent, by a LangChain callback handler passed through the public",
    "`tracing.callbacks` option (the judge's model, which gets no run callbacks, carries the handler itself): its messages and the",
    "tools bound to it. Nothing is taken from the records' `usage` (the simulator's own usage is a four-characters-a-token estimate).",
    "The prompt is rendered the same way for both protocols and counted with js-tiktoken `o200k_base`: the bound tools' JSON first,",
    "as one block (providers put tool definitions in the prompt ahead of the messages; only native calls and the judge's forced",
    "structured-output tool have any), then each message as `<start> role\\n body <end>`, the delimiters one token each as a chat",
    "template's special tokens are; an assistant message's body is its text followed by each tool call as `{\"name\",\"arguments\"}` JSON;",
    "tool results are tool messages (native) or the BUTTON tool turn as a user message (tagged), exactly as the protocols send them.",
    "Completion tokens are the reply's text and tool-call JSON. Every call counts, corrective retries and rejected trajectories",
    "included, divided by the accepted trajectories (as the usage ledger's per-accepted figure does).",
    "",
    "**Stable prefix.** For each call, two shared-prefix lengths in tokens: (a) *previous call* — the leading tokens identical to",
    "the previous call of the same role on the same trajectory (0 for a role's first call on a trajectory); (b) *any earlier call* —",
    "the longest leading run identical to any earlier call of the same role in the same run, on any trajectory (so (b) ≥ (a)).",
    "\"Later calls that extend the previous prompt whole\" counts the calls after a role's first on a trajectory whose prompt begins",
    "with the whole previous prompt of that role (nothing earlier was rewritten, the best a prefix cache can be given).",
    "The raw share is Σ shared / Σ prompt tokens over a role's calls. Provider prompt caches match an exact leading token prefix;",
    `OpenAI's rule is that only prompts of ${OPENAI_CACHE_RULE.minimum} tokens or more are cached and a hit covers the previously seen prefix in`,
    `${OPENAI_CACHE_RULE.step}-token increments, so the cacheable share counts, per call, 0 below ${OPENAI_CACHE_RULE.minimum} shared tokens and otherwise the shared`,
    `length rounded down to ${OPENAI_CACHE_RULE.minimum} + a multiple of ${OPENAI_CACHE_RULE.step}. (b) is an upper bound: a real cache also evicts and is per server.`,
    "",
    `Tasks: the first ${setting.generated} generated tasks of \`test/run/generate-tasks.ts\` (the rest of this benchmark uses the same generator) and`,
    "`bench/fixtures/token-tasks.jsonl`, eight hand-written composite tasks (sequential, parallel-then-sequential, a three-step chain) that no",
    "simulator rule was tuned on. `runSimulation` runs with the trajectory checks and a `sim` judge (`--judge sim`); `naive graph.batch`",
    "is the baseline of the latency-bound runs: the same compiled graph driven by `graph.batch`, no checks, no judge.",
    "",
    "Per accepted trajectory:",
    "",
    `| tasks | protocol | driver | role | calls | calls ≥ ${OPENAI_CACHE_RULE.minimum} tokens | later calls that extend the previous prompt whole | prompt tokens | completion tokens | prefix shared with previous call: raw | cacheable | with any earlier call: raw | cacheable |`,
    "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...figureRows,
    "",
    "`runSimulation` against the naive baseline (user, assistant and tool roles; the baseline has no judge). Ratios are ours ÷ baseline;",
    "\"identical prompts\" compares each baseline call with ours for the same task, role and call number, token for token:",
    "",
    "| tasks | protocol | accepted (ours) | accepted (baseline) | identical prompts | prompt tokens | completion tokens | previous-call share: raw | cacheable | any-earlier share: raw | cacheable |",
    "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...baselineRows,
    "",
    identicalAll === comparedAll
      ? `All ${comparedAll} baseline prompts are identical to ours, token for token: the baseline drives the same compiled graph and agents, so it differs from \`runSimulation\` in scheduling, retries and checks, not in what it sends, and every ratio above is 1.00 by construction. A baseline with other prompts (another wiring of the agents) is needed before these ratios can say more.`
      : `${comparedAll - identicalAll} of ${comparedAll} baseline prompts differ from ours for the same task, role and call number.`,
    "",
    "Tagged against native (`runSimulation`): tokens per accepted trajectory, tagged ÷ native, and the cacheable previous-call share, native → tagged:",
    "",
    "| tasks | role | prompt tokens | completion tokens | cacheable previous-call share |",
    "| --- | --- | ---: | ---: | --- |",
    ...protocolRows,
    "",
  ].join("\n");
}

/** Put the section into RESULTS.md in place of its earlier version (or before the scale-out section). */
export function withTokenSection(results: string, section: string): string {
  const start = results.indexOf(SECTION_HEADING);
  if (start >= 0) {
    const next = results.indexOf("\n## ", start + SECTION_HEADING.length);
    return results.slice(0, start) + section + (next >= 0 ? results.slice(next) : "");
  }
  const scaleOut = results.indexOf("\n## Scale-out");
  if (scaleOut >= 0) return `${results.slice(0, scaleOut)}\n${section}${results.slice(scaleOut)}`;
  return `${results.trimEnd()}\n\n${section}`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const section = await tokenFiguresSection();
  writeFileSync(RESULTS, withTokenSection(readFileSync(RESULTS, "utf8"), section));
  process.stderr.write(`${section}\nwrote the token section of bench/RESULTS.md\n`);
}
