import { END, START, StateGraph } from "@langchain/langgraph";
import { nativeProtocol } from "../agents/native-protocol.js";
import { taggedProtocol } from "../agents/tagged-protocol.js";
import type { AssistantProtocol } from "../agents/assistant-protocol.js";
import { buttonSystemPrompt } from "../formats/button-system-prompt.js";
import { toOpenAITool } from "../schema/function-spec.js";
import { stableId } from "../schema/stable-id.js";
import type { TaskRecord } from "../schema/task.js";
import type { TrajectoryRecord } from "../schema/trajectory.js";
import { assistantNode } from "./trajectory/assistant-node.js";
import type { ResolvedSimulationOptions, SimulationOptions } from "./trajectory/simulation-options.js";
import { toolsNode } from "./trajectory/tools-node.js";
import { TrajectoryState, type TrajectoryStateValue } from "./trajectory/trajectory-state.js";
import { userNode } from "./trajectory/user-node.js";

export type { SimulationOptions } from "./trajectory/simulation-options.js";

export function resolveSimulationOptions(options: SimulationOptions): ResolvedSimulationOptions {
  return {
    models: options.models,
    protocol: resolveProtocol(options.protocol),
    parallel: options.parallel ?? true,
    maxTurns: options.maxTurns ?? 12,
    maxRetries: options.maxRetries ?? 2,
    seed: options.seed ?? 0,
    realTools: options.realTools ?? {},
    transport: options.transport,
    signal: options.signal,
  };
}

function resolveProtocol(protocol: SimulationOptions["protocol"]): AssistantProtocol {
  if (protocol === undefined || protocol === "native") return nativeProtocol;
  if (protocol === "tagged") return taggedProtocol;
  return protocol;
}

/**
 * START → user → assistant → (tools → assistant)* → END. A clarifying question routes back
 * to the user; a final answer, a rejection or the turn cap routes to END.
 */
export function buildTrajectoryGraph(options: SimulationOptions) {
  const resolved = resolveSimulationOptions(options);
  const route = (state: TrajectoryStateValue) => (state.status !== "running" ? END : state.next === "end" ? END : state.next);
  return new StateGraph(TrajectoryState)
    .addNode("user", userNode(resolved))
    .addNode("assistant", assistantNode(resolved))
    .addNode("tools", toolsNode(resolved))
    .addEdge(START, "user")
    .addConditionalEdges("user", route, ["assistant", END])
    .addConditionalEdges("assistant", route, ["tools", "user", END])
    .addConditionalEdges("tools", route, ["assistant", END])
    .compile();
}

/**
 * Play one composite task out and return its trajectory record. Model-behaviour failures
 * and the turn cap give a record with `reason` set (rejected); only transport and system
 * failures throw, so the runner can retry or record them.
 */
export async function simulateTask(task: TaskRecord, options: SimulationOptions): Promise<TrajectoryRecord> {
  const resolved = resolveSimulationOptions(options);
  const graph = buildTrajectoryGraph(options);
  // Each assistant turn is at most three steps (assistant, tools, user); leave room for the rest.
  const state = await graph.invoke({ task }, { recursionLimit: resolved.maxTurns * 3 + 10, signal: resolved.signal });
  return toTrajectoryRecord(state, resolved);
}

export function toTrajectoryRecord(state: TrajectoryStateValue, options: ResolvedSimulationOptions): TrajectoryRecord {
  const task = state.task;
  const accepted = state.status === "accepted";
  return {
    id: stableId("tr", { task_id: task.id, seed: options.seed, parallel: options.parallel, protocol: options.protocol.name }),
    task_id: task.id,
    // Training records keep the public system prompt (tool list + parallel switch), not the sub-task briefing.
    messages: [{ role: "system", content: buttonSystemPrompt(task.functions, options.parallel) }, ...state.messages],
    tools: task.functions.map((spec) => toOpenAITool(spec)),
    parallel_tool_calls: options.parallel,
    verdicts: [],
    usage: state.usage,
    ...(accepted ? {} : { reason: state.reason ?? "unfinished: the graph ended without a final answer" }),
    meta: {
      strategy: task.strategy,
      protocol: options.protocol.name,
      models: {
        user: modelId(options.models.user),
        assistant: modelId(options.models.assistant),
        tool: modelId(options.models.tool),
      },
      assistant_turns: state.assistantTurns,
      recovered_errors: state.recovered,
    },
  };
}

/** A readable model id for records: the model name where the client has one. */
export function modelId(model: { getName(): string }): string {
  const named = model as { model?: unknown; seed?: unknown };
  if (typeof named.model === "string") return named.model;
  if (typeof named.seed === "number") return `sim:${named.seed}`;
  return model.getName();
}
