import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { CallOptions } from "../llm/model-call.js";

/** What a role's node function may use besides the graph state. */
export interface RoleContext<Options> {
  /** The chat model this role talks to (see {@link AgentRole.model}). */
  model: BaseChatModel;
  /** The graph's resolved options (seed, protocol, retries, models of the other roles, …). */
  options: Options;
  /** Pass these to every model call: cancellation, the runner's transport, the role name for the usage ledger. */
  call: CallOptions;
}

/**
 * One agent role in a LangGraph graph: a named node plus the nodes it may hand over to.
 * Generic over the graph's state so the contract does not depend on any one graph; the
 * trajectory graph's roles are `TrajectoryRole`s.
 *
 * A role routes by returning its choice in its update (the trajectory graph uses the
 * `next` field); `"end"` ends the graph. Every role may also end the graph by rejecting.
 */
export interface AgentRole<State, Update, Options> {
  /** The node name; a role with the name of a built-in role replaces it. */
  readonly name: string;
  /** The key of the model to use in the options' `models` map (default: the role's name). */
  readonly model?: string;
  /** Node names this role may route to, `"end"` included when it can finish the graph. */
  readonly routes: readonly string[];
  /**
   * Settings that change what the role writes (rounds, rates, personas). They go into a run's
   * config hash, so resuming a run with other settings is refused instead of mixing data.
   */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** One visit: read the state, call the model if needed, return the state update. */
  run(state: State, context: RoleContext<Options>): Promise<Update>;
}
