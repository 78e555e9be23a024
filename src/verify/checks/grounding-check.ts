import type { TrajectoryRecord } from "../../schema/trajectory.js";
import type { TrajectoryCheck } from "../trajectory-check.js";
import { lastMessage } from "../record-view.js";

/**
 * Grounding, by one simple rule: every number the final answer states must appear in a tool
 * result, a call's arguments, the system prompt or a user message — where "appear" allows the
 * answer to round (3.14 is grounded by 3.14159). Numbers are digit runs with optional thousands
 * commas and decimals ("$1,234.50" → 1234.5; "2024-05-20" → 2024, 5, 20). Integers from 0 to 10
 * are ignored: they are mostly counts ("2 flights") and list markers. Values the answer computes
 * (a sum of two prices) are flagged too, which is why the check warns by default.
 */
export const groundingCheck: TrajectoryCheck = {
  name: "grounding",
  description: "numbers in the final answer appear in a tool result, the arguments or the user's words",
  defaultSeverity: "warn",
  run(record) {
    const last = lastMessage(record);
    if (!last || last.role !== "assistant" || (last.tool_calls?.length ?? 0) > 0 || !last.content) return [];
    const sources = sourceNumbers(record);
    const ungrounded = [...new Set(numbersIn(last.content).filter((number) => !isSmallCount(number)))].filter(
      (stated) => !sources.some((source) => sameAtPrecision(stated, source)),
    );
    if (ungrounded.length === 0) return [];
    return {
      detail: `the final answer states ${ungrounded.map((number) => number.text).join(", ")}, found in no tool result, argument or user message`,
    };
  },
};

interface StatedNumber {
  text: string;
  value: number;
  decimals: number;
}

const NUMBER = /\d+(?:,\d{3})*(?:\.\d+)?/g;

export function numbersIn(text: string): StatedNumber[] {
  return [...text.matchAll(NUMBER)].map((match) => {
    const plain = match[0].replace(/,/g, "");
    const dot = plain.indexOf(".");
    return { text: match[0], value: Number(plain), decimals: dot < 0 ? 0 : plain.length - dot - 1 };
  });
}

function isSmallCount(number: StatedNumber): boolean {
  return number.decimals === 0 && number.value <= 10;
}

function sameAtPrecision(stated: StatedNumber, source: number): boolean {
  const factor = 10 ** stated.decimals;
  return Math.abs(Math.round(source * factor) / factor - stated.value) < 1e-9 || source === stated.value;
}

function sourceNumbers(record: TrajectoryRecord): number[] {
  const texts: string[] = [];
  for (const message of record.messages.slice(0, -1)) {
    if (message.role === "user" || message.role === "system" || message.role === "tool") texts.push(message.content);
    if (message.role === "assistant") for (const call of message.tool_calls ?? []) texts.push(call.function.arguments);
  }
  return texts.flatMap((text) => numbersIn(text).map((number) => number.value));
}
