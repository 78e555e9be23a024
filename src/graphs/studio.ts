import type { RunnableConfig } from "@langchain/core/runnables";
import { resolveModel } from "../models/resolve-model.js";
import { buildConstructionGraph } from "./construction-graph.js";
import { trajectoryGraph } from "./trajectory-graph-builder.js";

/**
 * Graph factories for LangGraph Studio and the LangGraph CLI (see `langgraph.json`): each takes
 * the run's config and returns the compiled graph. By default every role runs on the offline
 * simulator, so the graphs open and run with no key and no network; set `configurable.model`
 * (e.g. `openai:gpt-4o-mini`) and `configurable.seed` in Studio's configuration panel to change that.
 *
 * Inputs: the trajectory graph takes `{ task }` (one line of tasks.jsonl); the construction graph
 * takes `{ seeds }` (seed conversations as the construction stage reads them).
 */
interface StudioSettings {
  model: string;
  seed: number;
  count?: number;
}

function settingsOf(config?: RunnableConfig): StudioSettings {
  const configurable = (config?.configurable ?? {}) as Record<string, unknown>;
  return {
    model: typeof configurable.model === "string" && configurable.model !== "" ? configurable.model : "sim",
    seed: typeof configurable.seed === "number" ? configurable.seed : 0,
    count: typeof configurable.count === "number" ? configurable.count : undefined,
  };
}

/** The top-down trajectory graph: user → assistant → (tools → assistant)* → end. */
export function trajectory(config?: RunnableConfig) {
  const settings = settingsOf(config);
  const model = resolveModel(settings.model, { seed: settings.seed });
  return trajectoryGraph().compile({ models: { user: model, assistant: model, tool: model }, seed: settings.seed });
}

/** The bottom-up construction graph: seeds → scenarios → atomic → composite tasks → functions. */
export function construction(config?: RunnableConfig) {
  const settings = settingsOf(config);
  return buildConstructionGraph({ model: resolveModel(settings.model, { seed: settings.seed }), count: settings.count });
}
