import { existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { UserError } from "../errors.js";
import type { OpenAITool } from "../schema/function-spec.js";
import type { Message } from "../schema/trajectory.js";
import { readJsonlSync } from "../util/jsonl-reader.js";
import { finishRecord, readToolList, textContent } from "./canonical-record.js";
import { isObject, type RecordFormat, type RecordLocation } from "./record-format.js";

/**
 * BFCL (Berkeley Function Calling Leaderboard) test entries: `{id, question, function}` for the
 * single-turn categories, `{id, question, involved_classes, …}` for multi-turn ones, whose function
 * docs live in `multi_turn_func_doc/` beside the file. An entry is a prompt, not a played-out
 * dialogue, so a record holds the user turns and the tools, with `meta.prompt_only`; the reference
 * answer (`possible_answer/<same file name>`, when present beside the file) goes to
 * `meta.reference.turns` as BFCL writes it (Python-call strings per turn, `[]` where no call is right).
 *
 * The negative categories map to our variants (`meta.variant`): `irrelevance` and
 * `live_irrelevance` → `irrelevance`; `multi_turn_miss_param` → `missing-info`;
 * `multi_turn_miss_func` → `missing-function`, with the functions withheld until a later turn
 * left out of `tools` and listed in `meta.negative.withheld_functions`.
 */
export const BFCL_VARIANTS: Record<string, string> = {
  irrelevance: "irrelevance",
  live_irrelevance: "irrelevance",
  multi_turn_miss_param: "missing-info",
  multi_turn_miss_func: "missing-function",
};

/** BFCL's class names → their function-doc files (from the dataset's README). */
const CLASS_DOCS: Record<string, string> = {
  GorillaFileSystem: "gorilla_file_system.json",
  MathAPI: "math_api.json",
  MessageAPI: "message_api.json",
  TwitterAPI: "posting_api.json",
  TicketAPI: "ticket_api.json",
  TradingBot: "trading_bot.json",
  TravelAPI: "travel_booking.json",
  VehicleControlAPI: "vehicle_control.json",
};

export const bfclFormat: RecordFormat = {
  name: "bfcl",
  description: "BFCL test entries ({id, question, function} or multi-turn {id, question, involved_classes}); prompts with their reference answers",

  detect(value) {
    return (
      isObject(value) &&
      typeof value.id === "string" &&
      Array.isArray(value.question) &&
      (Array.isArray(value.function) || Array.isArray(value.involved_classes)) &&
      !("messages" in value)
    );
  },

  read(value, location = {}) {
    if (!isObject(value) || typeof value.id !== "string" || !Array.isArray(value.question)) {
      throw new UserError("a BFCL entry needs an 'id' and a 'question' list of turns", { ...location, field: "question" });
    }
    const category = categoryOf(value.id);
    const variant = BFCL_VARIANTS[category];
    const messages = userTurns(value.question, location);
    const missed = missedFunctions(value.missed_function);
    const declared = Array.isArray(value.function)
      ? readToolList(value.function.map(pythonTypes), "function", location)
      : classTools(value.involved_classes, location).filter((tool) => !missed.has(tool.function.name));
    const { tools, renamed } = apiSafeNames(declared);
    const reference = referenceFor(value.id, location.file);
    return finishRecord(
      {
        id: value.id,
        task_id: value.id,
        messages,
        tools,
        meta: {
          source: "bfcl",
          category,
          // A benchmark prompt: there is no answer in the record to check, only the reference.
          prompt_only: true,
          ...(variant ? { variant } : {}),
          ...(missed.size > 0 ? { negative: { base_task_id: value.id, withheld_functions: [...missed] } } : {}),
          ...(isObject(value.missed_function) ? { missed_function: value.missed_function } : {}),
          ...(reference ? { reference: { turns: reference } } : {}),
          ...(Object.keys(renamed).length > 0 ? { renamed_functions: renamed } : {}),
          ...(Array.isArray(value.involved_classes) ? { involved_classes: value.involved_classes } : {}),
        },
      },
      location,
    );
  },
};

/** `multi_turn_miss_param_12` → `multi_turn_miss_param`; `live_irrelevance_3-0-1` → `live_irrelevance`. */
export function categoryOf(id: string): string {
  return id.replace(/_\d+(?:-\d+)*$/, "");
}

function userTurns(question: unknown[], location: RecordLocation): Message[] {
  const messages: Message[] = [];
  question.forEach((turn, turnIndex) => {
    // A turn is a list of messages; an empty turn (miss_func) is where a function becomes available.
    const entries = Array.isArray(turn) ? turn : [turn];
    entries.forEach((entry, index) => {
      const content = isObject(entry) ? textContent(entry.content) : undefined;
      if (!isObject(entry) || content === undefined) {
        throw new UserError("each turn must be a list of {role, content} messages", { ...location, field: `question.${turnIndex}.${index}` });
      }
      messages.push(entry.role === "system" ? { role: "system", content } : { role: "user", content });
    });
  });
  return messages;
}

function missedFunctions(value: unknown): Set<string> {
  if (!isObject(value)) return new Set();
  return new Set(Object.values(value).flatMap((names) => (Array.isArray(names) ? names.filter((name): name is string => typeof name === "string") : [])));
}

/**
 * BFCL names some functions like Python attributes (`requests.get`, `uber.ride`), which an
 * OpenAI-compatible API refuses; BFCL itself replaces the dots with '_' when it offers them to
 * such a model, and so does this reader. `renamed` maps each new name to BFCL's, so the reference
 * answer (kept as BFCL writes it) can still be matched.
 */
function apiSafeNames(declared: OpenAITool[]): { tools: OpenAITool[]; renamed: Record<string, string> } {
  const renamed: Record<string, string> = {};
  const tools = declared.map((tool) => {
    const name = tool.function.name;
    if (!name.includes(".")) return tool;
    const safe = name.replace(/\./g, "_");
    renamed[safe] = name;
    return { ...tool, function: { ...tool.function, name: safe } };
  });
  return { tools, renamed };
}

/** BFCL writes Python's names: `dict`, `float`, `tuple`, `any`. */
function pythonTypes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pythonTypes);
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (key === "type" && typeof entry === "string") {
      out[key] = ({ dict: "object", float: "number", tuple: "array", any: "string" } as Record<string, string>)[entry] ?? entry;
    } else out[key] = pythonTypes(entry);
  }
  return out;
}

const docCache = new Map<string, OpenAITool[]>();

function classTools(classes: unknown, location: RecordLocation): OpenAITool[] {
  if (!Array.isArray(classes)) return [];
  if (!location.file) {
    throw new UserError("a BFCL multi-turn entry needs its function docs (multi_turn_func_doc/ beside the file); read it from a file", location);
  }
  const directory = join(dirname(location.file), "multi_turn_func_doc");
  return classes.flatMap((name) => {
    const file = CLASS_DOCS[String(name)];
    if (!file) throw new UserError(`unknown BFCL class '${String(name)}'; known: ${Object.keys(CLASS_DOCS).join(", ")}`, { ...location, field: "involved_classes" });
    const path = join(directory, file);
    if (!docCache.has(path)) {
      if (!existsSync(path)) throw new UserError(`BFCL function docs not found at ${path}; keep multi_turn_func_doc/ beside the entries`, { ...location, field: "involved_classes" });
      const docs = [...readJsonlSync(path)].map((entry) => {
        if (entry.error) throw entry.error;
        const { response: _response, ...doc } = entry.value as Record<string, unknown>;
        return pythonTypes(doc);
      });
      docCache.set(path, readToolList(docs, "involved_classes", { file: path }));
    }
    return docCache.get(path)!;
  });
}

const answerCache = new Map<string, Map<string, unknown>>();

/** The reference answer of `id` from `possible_answer/<file name>` beside the file, if there is one. */
function referenceFor(id: string, file: string | undefined): unknown[] | undefined {
  if (!file) return undefined;
  const path = join(dirname(file), "possible_answer", basename(file));
  if (!answerCache.has(path)) {
    const answers = new Map<string, unknown>();
    if (existsSync(path)) {
      for (const line of readJsonlSync(path)) {
        if (line.error) throw line.error;
        const entry = line.value as { id?: string; ground_truth?: unknown };
        if (typeof entry.id === "string") answers.set(entry.id, entry.ground_truth);
      }
    }
    answerCache.set(path, answers);
  }
  const answer = answerCache.get(path)!.get(id);
  return Array.isArray(answer) ? answer : undefined;
}

/** The function names of one BFCL reference turn (`["cd(folder='x')", …]` → `["cd", …]`). */
export function referenceCallNames(turn: unknown): string[] {
  if (!Array.isArray(turn)) return [];
  return turn.flatMap((call) => {
    if (typeof call === "string") return /^\s*([\w.]+)\s*\(/.exec(call)?.[1] ?? [];
    return isObject(call) ? Object.keys(call) : [];
  });
}
