import { createHash } from "node:crypto";
import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import { AIMessage, type BaseMessage } from "@langchain/core/messages";
import type { ChatResult } from "@langchain/core/outputs";
import { AsyncLocalStorageProviderSingleton } from "@langchain/core/singletons";
import { UserError } from "../../../errors.js";
import { SeededRandom } from "../../../util/seeded-random.js";
import { messageText } from "../sim-request.js";
import { SimChatModel, type SimChatModelParams } from "../sim-chat-model.js";
import { FAULT_KINDS, type FaultKind, type InjectedFault } from "./fault-kinds.js";
import { injectFault, toAIMessage, type DraftReply } from "./inject-fault.js";

export interface MessySimChatModelParams extends SimChatModelParams {
  /** Share (0–1) of replies that carry a fault (default 0.2). */
  rate?: number;
  /** Only these kinds are injected (default: all of {@link FAULT_KINDS}). */
  kinds?: readonly FaultKind[];
  /** Told of every fault as it is injected (e.g. to stream a log). */
  onFault?: (fault: InjectedFault) => void;
}

export const DEFAULT_MESSY_RATE = 0.2;

/**
 * The simulator with the faults of real models: it answers like {@link SimChatModel}, then, at
 * a seeded `rate`, spoils the reply the way real models do — JSON fenced, wrapped in prose,
 * single-quoted or commented; numbers as strings; a required argument left out; a function
 * that does not exist; calls without a thought; a final answer before the work is done; a
 * needless question; a refusal; an answer padded far too long; a user who names a function or
 * solves the task; a composition with an unrelated step; functions whose data does not
 * connect. Whether a reply is spoiled depends on the seed and the whole request, so a
 * corrective retry (a longer conversation) draws again. Every fault is kept in `faults`.
 */
export class MessySimChatModel extends SimChatModel {
  readonly rate: number;
  readonly kinds: ReadonlySet<FaultKind>;
  /** Every fault injected so far, in order. */
  readonly faults: InjectedFault[] = [];
  private readonly onFault?: (fault: InjectedFault) => void;

  static override lc_name(): string {
    return "MessySimChatModel";
  }

  constructor(params: MessySimChatModelParams = {}) {
    super(params);
    const rate = params.rate ?? DEFAULT_MESSY_RATE;
    if (!Number.isFinite(rate) || rate < 0 || rate > 1) {
      throw new UserError(`the messy simulator's rate must be from 0 to 1, got ${rate}`, { field: "rate", code: "invalid-config" });
    }
    this.rate = rate;
    this.kinds = new Set(params.kinds ?? FAULT_KINDS);
    this.onFault = params.onFault;
  }

  override _llmType(): string {
    return "button-sim-messy";
  }

  /** Faults injected so far, counted by kind (every kind present, zero when none). */
  faultCounts(): Record<FaultKind, number> {
    const counts = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
    for (const fault of this.faults) counts[fault.kind]++;
    return counts;
  }

  override async _generate(messages: BaseMessage[], options: this["ParsedCallOptions"], runManager?: CallbackManagerForLLMRun): Promise<ChatResult> {
    const clean = await super._generate(messages, options);
    const original = clean.generations[0]!.message as AIMessage;
    const skill = String(original.response_metadata?.skill ?? "");
    const conversation = messages.filter((message) => message.getType() !== "system");
    const key = createHash("sha256")
      .update(messages.map((message) => `${message.getType()}:${messageText(message)}`).join("\u0000"))
      .update(JSON.stringify(options.tools ?? []))
      .digest("hex")
      .slice(0, 16);
    const random = new SeededRandom(`messy:${this.seed}`);
    if (this.rate === 0 || random.unit("spoil", key) >= this.rate) return clean;
    const draft: DraftReply = {
      content: typeof original.content === "string" ? original.content : messageText(original),
      toolCalls: (original.tool_calls ?? []).map((call) => ({ id: call.id, name: call.name, args: call.args })),
    };
    const toolChoice = forcedToolName(options.tool_choice);
    const spoiled = injectFault(draft, { skill, messages: conversation, tools: options.tools ?? [], toolChoice, random, key }, this.kinds);
    if (!spoiled) return clean;
    const fault: InjectedFault = {
      kind: spoiled.kind,
      task: taskOf(runManager) ?? `prompt:${fingerprint(messages)}`,
      turn: conversation.length,
      role: skill,
      evidence: spoiled.evidence,
    };
    this.faults.push(fault);
    this.onFault?.(fault);
    const message = toAIMessage(spoiled.reply, original);
    return { generations: [{ text: spoiled.reply.content, message }], llmOutput: clean.llmOutput };
  }
}

/** The task id a caller put in the run's metadata (`task_id`), for the fault log only: it never changes an answer. */
function taskOf(runManager: CallbackManagerForLLMRun | undefined): string | undefined {
  const manager = runManager as unknown as { metadata?: Record<string, unknown>; inheritableMetadata?: Record<string, unknown> } | undefined;
  const config = AsyncLocalStorageProviderSingleton.getRunnableConfig() as { metadata?: Record<string, unknown> } | undefined;
  const value = manager?.metadata?.task_id ?? manager?.inheritableMetadata?.task_id ?? config?.metadata?.task_id;
  return typeof value === "string" ? value : undefined;
}

/** Without a task id: the first system and user text, so faults of one conversation share a key. */
function fingerprint(messages: BaseMessage[]): string {
  const first = messages.filter((message) => message.getType() === "system" || message.getType() === "human").slice(0, 2);
  return createHash("sha256").update(first.map(messageText).join("\u0000")).digest("hex").slice(0, 12);
}

function forcedToolName(choice: unknown): string | undefined {
  if (typeof choice === "string") return ["auto", "none", "required", "any"].includes(choice) ? undefined : choice;
  if (choice && typeof choice === "object") {
    const named = choice as { function?: { name?: string }; name?: string };
    return named.function?.name ?? named.name;
  }
  return undefined;
}
