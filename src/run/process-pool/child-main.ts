/**
 * The entry of one pool child: it builds the trajectory graph once from the parent's setup
 * module, then plays the tasks the parent sends and sends each record (or failure) back. It
 * writes nothing: the parent alone writes records, so a child that dies loses nothing on disk.
 */
import { pathToFileURL } from "node:url";
import { isAbsolute } from "node:path";
import type { Transport } from "../../llm/model-call.js";
import { mergeTracing, withRunLabels } from "../../llm/run-tracing.js";
import { trajectoryGraph } from "../../graphs/trajectory-graph-builder.js";
import { UserError } from "../../errors.js";
import { composeTransports } from "../compose-transports.js";
import { retryTransport } from "../model-retry.js";
import { simulationConfig } from "../run-simulation.js";
import { rebuildError, transferError } from "./error-transfer.js";
import type { ChildMessage, ParentMessage } from "./pool-messages.js";
import type { WorkerSetup, WorkerSetupFunction } from "./worker-setup.js";

type Init = Extract<ParentMessage, { type: "init" }>;
type Simulate = (task: Extract<ParentMessage, { type: "task" }>["task"], scope: { signal: AbortSignal; transport?: Transport }) => Promise<unknown>;

const send = (message: ChildMessage) => {
  // A parent that is gone cannot take the message; the disconnect handler ends this process.
  if (process.connected) process.send!(message);
};

// Ctrl-C reaches the whole process group (and a service manager may SIGTERM every process of the
// unit): the parent decides (drain, then cancel) and ends its children itself, so they ignore both.
process.on("SIGINT", () => undefined);
process.on("SIGTERM", () => undefined);
// Without a parent there is nobody to write the records: stop.
process.on("disconnect", () => process.exit(0));

const running = new Map<number, AbortController>();
const permits = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
let nextCallId = 0;
let simulate: Simulate | undefined;
let init: Init | undefined;

process.on("message", (message: ParentMessage) => {
  switch (message.type) {
    case "init":
      init = message;
      void prepare(message);
      return;
    case "task":
      void play(message.id, message.task);
      return;
    case "cancel":
      running.get(message.id)?.abort(new DOMException("the run was cancelled", "AbortError"));
      return;
    case "permit": {
      const waiting = permits.get(message.callId);
      permits.delete(message.callId);
      if (message.error) waiting?.reject(rebuildError(message.error));
      else waiting?.resolve();
      return;
    }
  }
});
send({ type: "booted" });

async function prepare(message: Init): Promise<void> {
  try {
    const { simulation, graph } = await loadSetup(message.setup);
    const tracing = withRunLabels(mergeTracing(simulation.tracing, message.tracing), { run_id: message.runId });
    const prepared = (graph ?? trajectoryGraph()).prepare({ ...simulation, tracing });
    simulate = (task, scope) => prepared.simulate(task, scope);
    // The parent compares this with its own: every child must play the graph the parent hashed.
    send({ type: "ready", config: simulationConfig(simulation, { graph }) });
  } catch (error) {
    send({ type: "setup-failed", error: transferError(error) });
  }
}

async function loadSetup(setup: WorkerSetup) {
  const url = isAbsolute(setup.module) ? pathToFileURL(setup.module).href : setup.module;
  const module = (await import(url)) as Record<string, unknown>;
  const name = setup.export ?? "default";
  const setupFunction = module[name];
  if (typeof setupFunction !== "function") {
    throw new UserError(`the worker setup module has no function export '${name}'; export one that returns { simulation, graph? }`, {
      file: setup.module,
      field: "export",
      code: "invalid-config",
    });
  }
  return (setupFunction as WorkerSetupFunction)(setup.settings);
}

async function play(id: number, task: Extract<ParentMessage, { type: "task" }>["task"]): Promise<void> {
  const controller = new AbortController();
  running.set(id, controller);
  send({ type: "started", id });
  try {
    if (!simulate || !init) throw new Error("a task arrived before the child was set up");
    const signal = controller.signal;
    const transport = composeTransports(
      init.retry === false
        ? undefined
        : retryTransport({ ...init.retry, signal, onRetry: ({ role, attempt, delayMs, reason }) => send({ type: "retry", role, attempt, delayMs, reason }) }),
      init.gate ? permitTransport(id) : undefined,
    );
    const record = await simulate(task, { signal, transport });
    if (!signal.aborted) send({ type: "result", id, record: record as Extract<ChildMessage, { type: "result" }>["record"] });
  } catch (error) {
    if (!controller.signal.aborted) send({ type: "failure", id, error: transferError(error) });
  } finally {
    running.delete(id);
  }
}

/** Each model call waits for the parent's permit (its rate limits cover all children) and reports its tokens after. */
function permitTransport(taskId: number): Transport {
  return async (invoke, info) => {
    const callId = nextCallId++;
    await new Promise<void>((resolve, reject) => {
      permits.set(callId, { resolve, reject });
      send({ type: "ask-permit", id: taskId, callId, role: info.role });
    });
    let tokens = 0;
    try {
      const result = await invoke();
      tokens = reportedTokens(result);
      return result;
    } finally {
      send({ type: "settle", callId, tokens });
    }
  };
}

function reportedTokens(result: unknown): number {
  const usage = (result as { usage_metadata?: { total_tokens?: number; input_tokens?: number; output_tokens?: number } })?.usage_metadata;
  if (!usage) return 0;
  return usage.total_tokens ?? (usage.input_tokens ?? 0) + (usage.output_tokens ?? 0);
}
