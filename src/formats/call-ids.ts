import { createHash } from "node:crypto";
import type { Message } from "../schema/trajectory.js";

/**
 * Tool-call ids for exports. Mistral's chat templates raise unless every id is (at least, and
 * by their tokenizer exactly) 9 alphanumeric characters, so writers make every id fit.
 */
const ID_PATTERN = /^[A-Za-z0-9]{9}$/;
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export function isPortableCallId(id: string): boolean {
  return ID_PATTERN.test(id);
}

/** The n-th id for formats that carry no ids (BUTTON, ShareGPT, Hermes): `call00001`, … */
export function sequentialCallId(index: number): string {
  return `call${String(index + 1).padStart(5, "0")}`;
}

/** A 9-character alphanumeric id derived from `original`, stable across runs. */
export function portableCallId(original: string, attempt = 0): string {
  const digest = createHash("sha256").update(`${original}\u0000${attempt}`).digest();
  let id = "";
  for (let index = 0; index < 9; index++) id += ALPHABET[digest[index]! % ALPHABET.length];
  return id;
}

/**
 * Give every call a portable id, consistently: a call and the tool messages that answer it (those
 * after it, up to the next assistant turn) get the same new id. Ids are made unique within the
 * record even where the source reused one across turns (τ-bench does). Ids that already fit and
 * are not reused are kept. Returns new messages; the input is not changed.
 */
export function withPortableCallIds(messages: readonly Message[]): Message[] {
  const used = new Set<string>();
  let turn = new Map<string, string>();
  let turnIndex = 0;
  const fresh = (original: string): string => {
    if (isPortableCallId(original) && !used.has(original)) return original;
    let attempt = 0;
    let id: string;
    do id = portableCallId(`${original}\u0000${turnIndex}`, attempt++);
    while (used.has(id));
    return id;
  };
  return messages.map((message) => {
    if (message.role === "assistant") {
      turnIndex++;
      turn = new Map();
      if (!message.tool_calls) return message;
      return {
        ...message,
        tool_calls: message.tool_calls.map((call) => {
          const id = turn.get(call.id) ?? fresh(call.id);
          turn.set(call.id, id);
          used.add(id);
          return { ...call, id };
        }),
      };
    }
    if (message.role === "tool") {
      let id = turn.get(message.tool_call_id);
      if (!id) {
        // A result that answers no call of this turn keeps a portable id of its own, for the checks to report.
        id = fresh(message.tool_call_id);
        used.add(id);
        turn.set(message.tool_call_id, id);
      }
      return { ...message, tool_call_id: id };
    }
    return message;
  });
}
