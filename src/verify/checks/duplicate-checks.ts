import { createHash } from "node:crypto";
import { canonicalJson } from "../../schema/stable-id.js";
import type { TrajectoryRecord } from "../../schema/trajectory.js";
import { NearDuplicateIndex } from "../../util/minhash.js";
import type { TrajectoryCheck } from "../trajectory-check.js";

export interface DuplicateCheckOptions {
  /** Estimated Jaccard similarity at or above which two trajectories are near-duplicates (default 0.9). */
  nearThreshold?: number;
}

/**
 * Two stateful checks over a run. `exact-duplicate`: the same conversation (messages, ignoring
 * call ids) was already accepted. `near-duplicate`: its text (requests, calls, answers) is
 * MinHash-similar to an accepted one. Only accepted records are remembered (the verifier calls
 * `remember`), so a rejected record never blocks a later good one.
 */
export function createDuplicateChecks(options: DuplicateCheckOptions = {}): TrajectoryCheck[] {
  const exact = new Map<string, string>();
  const near = new NearDuplicateIndex<string>(options.nearThreshold ?? 0.9, { shingleSize: 3 });
  // An accepted record is checked, then remembered: work out its key and signature once.
  const keys = new WeakMap<TrajectoryRecord, string>();
  const signatures = new WeakMap<TrajectoryRecord, Uint32Array>();
  const keyOf = (record: TrajectoryRecord) => {
    let key = keys.get(record);
    if (key === undefined) keys.set(record, (key = contentKey(record)));
    return key;
  };
  const signatureOf = (record: TrajectoryRecord) => {
    let signature = signatures.get(record);
    if (signature === undefined) signatures.set(record, (signature = near.signature(conversationText(record))));
    return signature;
  };
  const exactCheck: TrajectoryCheck = {
    name: "exact-duplicate",
    description: "the same conversation was not accepted before in this run",
    defaultSeverity: "reject",
    run(record) {
      const earlier = exact.get(keyOf(record));
      return earlier !== undefined && earlier !== record.id ? { detail: `same conversation as record '${earlier}'` } : [];
    },
    remember(record) {
      const key = keyOf(record);
      if (!exact.has(key)) exact.set(key, record.id);
    },
  };
  const nearCheck: TrajectoryCheck = {
    name: "near-duplicate",
    description: "no accepted conversation in this run is nearly the same text",
    defaultSeverity: "warn",
    run(record) {
      const found = near.findDuplicateOf(signatureOf(record));
      return found && found.key !== record.id ? { detail: `nearly the same as record '${found.key}' (similarity ${found.similarity.toFixed(2)})` } : [];
    },
    remember(record) {
      near.addSignature(record.id, signatureOf(record));
    },
  };
  return [exactCheck, nearCheck];
}

/** A hash of the conversation with call ids replaced by their order, so re-numbered copies match. */
export function contentKey(record: TrajectoryRecord): string {
  const order = new Map<string, number>();
  const messages = record.messages.map((message) => {
    if (message.role === "assistant" && message.tool_calls) {
      return {
        ...message,
        tool_calls: message.tool_calls.map((call) => {
          if (!order.has(call.id)) order.set(call.id, order.size);
          return { name: call.function.name, arguments: call.function.arguments };
        }),
      };
    }
    if (message.role === "tool") return { role: "tool", call: order.get(message.tool_call_id) ?? message.tool_call_id, content: message.content };
    return message;
  });
  return createHash("sha256").update(canonicalJson(messages)).digest("hex");
}

function conversationText(record: TrajectoryRecord): string {
  return record.messages
    .flatMap((message) => {
      if (message.role === "user") return [message.content];
      if (message.role === "assistant") {
        return [...(message.tool_calls ?? []).map((call) => `${call.function.name} ${call.function.arguments}`), message.content ?? ""];
      }
      return [];
    })
    .join("\n");
}
