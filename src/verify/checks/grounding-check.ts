import type { TrajectoryRecord } from "../../schema/trajectory.js";
import type { TrajectoryCheck } from "../trajectory-check.js";
import { lastMessage, leafValues, parseJsonOrText } from "../record-view.js";
import { oneStepResults } from "../evidence/text-matching.js";

/**
 * Grounding, by one simple rule: every number the final answer states must appear in a tool
 * result, a call's arguments, the system prompt or a user message — where "appear" allows the
 * answer to round (3.14 is grounded by 3.14159). Numbers are digit runs with optional thousands
 * commas and decimals ("$1,234.50" → 1234.5; "2024-05-20" → 2024, 5, 20). Integers from 0 to 10
 * are ignored: they are mostly counts ("2 flights") and list markers. A number one arithmetic step
 * away from two such values (a sum of two prices, a difference, a product, a ratio) counts as
 * grounded too, since BUTTON's logic sub-tasks ask for exactly that; longer computations are
 * flagged. Only answers to an exchange in which tools ran are checked: an answer from general
 * knowledge is not about results. On the real datasets this flags 0 of 30 τ-bench and 1 of 98
 * ToolACE records (a "hypothetical" answer after empty results), so it rejects.
 */
export const groundingCheck: TrajectoryCheck = {
  name: "grounding",
  description: "numbers in the final answer appear in a tool result, the arguments or the user's words",
  defaultSeverity: "reject",
  run(record) {
    const last = lastMessage(record);
    if (!last || last.role !== "assistant" || (last.tool_calls?.length ?? 0) > 0 || !last.content) return [];
    // An answer to a question no tool served (general knowledge, chit-chat) is not about results.
    const lastUser = record.messages.map((message) => message.role).lastIndexOf("user");
    if (!record.messages.slice(lastUser + 1).some((message) => message.role === "tool")) return [];
    const sources = sourceNumbers(record);
    const derived = oneStepResults(sourceNumbers(record, { withSystem: false }));
    const shown = shownResults(last.content, sources);
    const ungrounded = [...new Set(numbersIn(last.content).filter((number) => !isSmallCount(number)))].filter(
      (stated) =>
        !sources.some((source) => sameAtPrecision(stated, source)) &&
        !derived.some((value) => sameAtPrecision(stated, value)) &&
        !shown.some((value) => sameAtPrecision(stated, value)),
    );
    if (ungrounded.length === 0) return [];
    return {
      detail: `message ${record.messages.length - 1} (final answer): the final answer states ${ungrounded.map((number) => number.text).join(", ")}, found in no tool result, argument or user message`,
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

/**
 * A computation written out in the answer — "(118.03 + 105.76 + 151.19) / 3 = 124.99" — grounds
 * its result when every operand is grounded (a source, a small count, or an earlier shown result)
 * and the arithmetic is right, so an average or a total over a list can be stated with its working.
 */
function shownResults(text: string, sources: number[]): number[] {
  const results: number[] = [];
  const expression = /([\d.,()\s+\-−*/×÷]*\d[\d.,()\s+\-−*/×÷]*?)\s*=\s*(\d+(?:,\d{3})*(?:\.\d+)?)/g;
  for (const match of text.matchAll(expression)) {
    const body = match[1]!.replace(/,(?=\d{3})/g, "").replace(/−/g, "-").replace(/×/g, "*").replace(/÷/g, "/").trim();
    if (!/[+\-*/]/.test(body)) continue;
    const operands = numbersIn(body);
    const grounded = operands.every(
      (operand) => isSmallCount(operand) || sources.some((source) => sameAtPrecision(operand, source)) || results.some((value) => sameAtPrecision(operand, value)),
    );
    const value = evaluate(body);
    const stated = numbersIn(match[2]!)[0]!;
    if (grounded && value !== undefined && sameAtPrecision(stated, value)) results.push(stated.value);
  }
  return results;
}

/** + − × ÷ and parentheses over plain numbers; undefined when the text is anything else. */
function evaluate(text: string): number | undefined {
  const tokens = text.match(/\d+(?:\.\d+)?|[-+*/()]/g) ?? [];
  if (tokens.join("") !== text.replace(/\s+/g, "")) return undefined;
  let position = 0;
  const primary = (): number | undefined => {
    const token = tokens[position++];
    if (token === "(") {
      const value = sum();
      return tokens[position++] === ")" ? value : undefined;
    }
    return token !== undefined && /^\d/.test(token) ? Number(token) : undefined;
  };
  const product = (): number | undefined => {
    let value = primary();
    while (value !== undefined && (tokens[position] === "*" || tokens[position] === "/")) {
      const operator = tokens[position++];
      const right = primary();
      if (right === undefined) return undefined;
      value = operator === "*" ? value * right : value / right;
    }
    return value;
  };
  const sum = (): number | undefined => {
    let value = product();
    while (value !== undefined && (tokens[position] === "+" || tokens[position] === "-")) {
      const operator = tokens[position++];
      const right = product();
      if (right === undefined) return undefined;
      value = operator === "+" ? value + right : value - right;
    }
    return value;
  };
  const value = sum();
  return position === tokens.length ? value : undefined;
}

function sourceNumbers(record: TrajectoryRecord, options: { withSystem?: boolean } = {}): number[] {
  const texts: string[] = [];
  for (const message of record.messages.slice(0, -1)) {
    if (message.role === "user" || (message.role === "system" && options.withSystem !== false)) texts.push(message.content);
    // JSON is read value by value: "[89,144,233]" holds three numbers, not 89,144,233.
    if (message.role === "tool") texts.push(...jsonValues(message.content));
    if (message.role === "assistant") for (const call of message.tool_calls ?? []) texts.push(...jsonValues(call.function.arguments));
  }
  return texts.flatMap((text) => numbersIn(text).map((number) => number.value));
}

function jsonValues(text: string): string[] {
  const parsed = parseJsonOrText(text);
  return typeof parsed === "string" ? [parsed] : leafValues(parsed).map(String);
}
