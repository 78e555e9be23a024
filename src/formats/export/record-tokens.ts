import { Tiktoken } from "js-tiktoken/lite";
import { UserError } from "../../errors.js";

/** The BPE encodings bundled with js-tiktoken that token counts may use (no download). */
export const TOKENIZER_NAMES = ["o200k_base", "cl100k_base"] as const;
export type TokenizerName = (typeof TOKENIZER_NAMES)[number];

const loaded = new Map<TokenizerName, Tiktoken>();

/**
 * A tokenizer from js-tiktoken's bundled ranks: o200k_base (GPT-4o, GPT-4.1) or cl100k_base
 * (GPT-4, GPT-3.5). The ranks are a few MB of JavaScript, so they load on first use only.
 */
export async function loadTokenizer(name: string = "o200k_base"): Promise<Tiktoken> {
  if (!(TOKENIZER_NAMES as readonly string[]).includes(name)) {
    throw new UserError(`unknown tokenizer '${name}'; use one of ${TOKENIZER_NAMES.join(", ")}`, { field: "tokenizer", code: "invalid-config" });
  }
  const key = name as TokenizerName;
  const cached = loaded.get(key);
  if (cached) return cached;
  const ranks = key === "o200k_base" ? (await import("js-tiktoken/ranks/o200k_base")).default : (await import("js-tiktoken/ranks/cl100k_base")).default;
  const tokenizer = new Tiktoken(ranks);
  loaded.set(key, tokenizer);
  return tokenizer;
}

/**
 * Tokens in one exported record: the text a trainer feeds the model, i.e. every string in the
 * record (message contents, call names and arguments, tool definitions as JSON, the system
 * prompt), without the chat template's own markup. Keys and punctuation of the JSON envelope are
 * not counted; tool definitions are counted as their JSON text because templates print them so.
 */
export function recordTokens(tokenizer: Tiktoken, record: unknown): number {
  let total = 0;
  const visit = (value: unknown, key?: string): void => {
    if (typeof value === "string") total += tokenizer.encode(value, [], []).length;
    else if (Array.isArray(value)) {
      if (key === "tools") total += tokenizer.encode(JSON.stringify(value), [], []).length;
      else for (const item of value) visit(item);
    } else if (value && typeof value === "object") {
      for (const [childKey, child] of Object.entries(value)) {
        if (childKey === "arguments" && typeof child === "object" && child !== null) total += tokenizer.encode(JSON.stringify(child), [], []).length;
        else visit(child, childKey);
      }
    }
  };
  visit(record);
  return total;
}
