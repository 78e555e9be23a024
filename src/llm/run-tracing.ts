import type { Callbacks } from "@langchain/core/callbacks/manager";
import type { RunnableConfig } from "@langchain/core/runnables";

/**
 * LangChain callbacks, tags and metadata for the model and tool calls of a run. Nothing here
 * turns tracing on: LangSmith traces only when the user sets LANGSMITH_TRACING (LangChain's
 * own rule) or passes a tracer in `callbacks`.
 */
export interface Tracing {
  callbacks?: Callbacks;
  tags?: string[];
  metadata?: Record<string, unknown>;
}

/** What a run, a task, a role and a stage are labelled with. */
export interface RunLabels {
  run_id?: string;
  task_id?: string;
  role?: string;
  stage?: string;
}

/** The tag prefix of every label (`button:role:assistant`, `button:task:t-…`). */
export const TAG_PREFIX = "button";

/**
 * Add labels to a tracing config: a tag `button:<label>:<value>` for each (so a LangSmith
 * project can be filtered by tag) and the same values in metadata. Later labels override
 * earlier ones (a role's labels override the run's).
 */
export function withRunLabels(tracing: Tracing | undefined, labels: RunLabels): Tracing {
  const entries = Object.entries(labels).filter((entry): entry is [string, string] => typeof entry[1] === "string" && entry[1] !== "");
  const names = new Set(entries.map(([key]) => labelTagName(key)));
  const kept = (tracing?.tags ?? []).filter((tag) => !names.has(tag.split(":").slice(0, 2).join(":")));
  return {
    ...(tracing?.callbacks !== undefined ? { callbacks: tracing.callbacks } : {}),
    tags: [...kept, ...entries.map(([key, value]) => `${labelTagName(key)}:${value}`)],
    metadata: { ...tracing?.metadata, ...Object.fromEntries(entries) },
  };
}

function labelTagName(key: string): string {
  return `${TAG_PREFIX}:${key === "task_id" ? "task" : key === "run_id" ? "run" : key}`;
}

/** Two tracing configs in one: tags and metadata are joined, callbacks of both are kept. */
export function mergeTracing(first: Tracing | undefined, second: Tracing | undefined): Tracing | undefined {
  if (!first || !second) return first ?? second;
  return {
    callbacks: joinCallbacks(first.callbacks, second.callbacks),
    tags: [...new Set([...(first.tags ?? []), ...(second.tags ?? [])])],
    metadata: { ...first.metadata, ...second.metadata },
  };
}

function joinCallbacks(first: Callbacks | undefined, second: Callbacks | undefined): Callbacks | undefined {
  if (first === undefined || second === undefined) return first ?? second;
  if (Array.isArray(first) && Array.isArray(second)) return [...first, ...second];
  // A CallbackManager cannot be joined with handlers without losing its parent run: keep the later one.
  return second;
}

/** The RunnableConfig fields for one call (empty when nothing is set, so untraced calls stay as before). */
export function tracingRunnableConfig(tracing: Tracing | undefined): Pick<RunnableConfig, "callbacks" | "tags" | "metadata"> {
  if (!tracing) return {};
  return {
    ...(tracing.callbacks !== undefined ? { callbacks: tracing.callbacks } : {}),
    ...(tracing.tags?.length ? { tags: tracing.tags } : {}),
    ...(tracing.metadata && Object.keys(tracing.metadata).length > 0 ? { metadata: tracing.metadata } : {}),
  };
}
