import { Interpreter, Template } from "@huggingface/jinja";
import type { Message } from "../schema/trajectory.js";
import { splitParallelCalls } from "../formats/split-parallel-calls.js";

/**
 * Rendering check: does an exported OpenAI record go through a model's chat template, the way
 * a trainer would apply it, and does the text then hold every call's name and arguments?
 * Templates are rendered with @huggingface/jinja (the JS port of Jinja that transformers.js uses
 * for exactly these templates).
 *
 * Messages are prepared as vLLM and transformers prepare them: call arguments are parsed from
 * JSON text into objects, which tool templates expect. One difference from Python's Jinja is
 * bridged: subscripting a mapping with an undefined key (`map[spec.type]` where `type` is
 * missing, as Hermes' template does for array parameters) yields undefined in Python but raises
 * in @huggingface/jinja; during the check it yields undefined, as in Python.
 */
export interface RenderCheckOptions {
  /** Give each call its own assistant message (for templates that allow one call per message). */
  oneCallPerMessage?: boolean;
  /** Template variables besides messages and tools (defaults: bos/eos tokens, no generation prompt). */
  variables?: Record<string, unknown>;
}

export interface RenderCheckResult {
  ok: boolean;
  problems: string[];
  /** The rendered text, when rendering succeeded. */
  text?: string;
}

/** An exported OpenAI record: `{messages, tools}` as `writeOpenAI` produces it. */
export interface RenderableRecord {
  messages: ReadonlyArray<Record<string, unknown>>;
  tools?: ReadonlyArray<unknown>;
}

export function renderCheck(templateText: string, record: RenderableRecord, options: RenderCheckOptions = {}): RenderCheckResult {
  let template: Template;
  try {
    template = new Template(templateText);
  } catch (error) {
    return { ok: false, problems: [`the template does not parse: ${messageOf(error)}`] };
  }
  let messages = record.messages as unknown as Message[];
  if (options.oneCallPerMessage) messages = splitParallelCalls(messages);
  const prepared = messages.map(withObjectArguments);
  let text: string;
  try {
    text = withPythonSubscripts(() =>
      template.render({
        bos_token: "<s>",
        eos_token: "</s>",
        add_generation_prompt: false,
        ...options.variables,
        messages: prepared,
        tools: record.tools ?? [],
      }),
    );
  } catch (error) {
    return { ok: false, problems: [`the template raised: ${messageOf(error)}`] };
  }
  const problems: string[] = [];
  for (const message of prepared) {
    for (const call of (message.tool_calls as Array<{ id?: string; function: { name: string; arguments: unknown } }> | undefined) ?? []) {
      if (!text.includes(call.function.name)) problems.push(`call '${call.function.name}' (${call.id ?? "no id"}): its name is missing from the rendered text`);
      else if (!argumentsAppear(text, call.function.arguments)) {
        problems.push(`call '${call.function.name}' (${call.id ?? "no id"}): its arguments are missing from the rendered text`);
      }
    }
  }
  return { ok: problems.length === 0, problems, text };
}

function withObjectArguments(message: Message): Record<string, unknown> {
  if (message.role !== "assistant" || !message.tool_calls) return { ...message };
  return {
    ...message,
    tool_calls: message.tool_calls.map((call) => ({
      ...call,
      function: { ...call.function, arguments: parseOrKeep(call.function.arguments) },
    })),
  };
}

function parseOrKeep(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Arguments appear when their JSON does, in Python's `json.dumps` spacing (what `tojson` writes)
 * or compact; failing that, when every key and scalar value does.
 */
function argumentsAppear(text: string, args: unknown): boolean {
  if (typeof args === "string") return text.includes(args);
  if (text.includes(pythonJson(args)) || text.includes(JSON.stringify(args))) return true;
  const keys: string[] = [];
  const scalars: string[] = [];
  collect(args, keys, scalars);
  return keys.every((key) => text.includes(JSON.stringify(key))) && scalars.every((scalar) => text.includes(scalar));
}

function collect(value: unknown, keys: string[], scalars: string[]): void {
  if (Array.isArray(value)) for (const item of value) collect(item, keys, scalars);
  else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      keys.push(key);
      collect(item, keys, scalars);
    }
  } else if (typeof value === "string") scalars.push(value);
  else if (value !== null && value !== undefined) scalars.push(String(value));
}

/** JSON with Python's default separators (", " and ": "), as Jinja's `tojson` writes it. */
export function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(", ")}]`;
  if (value && typeof value === "object") {
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}: ${pythonJson(item)}`)
      .join(", ")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

type MemberEvaluator = (this: unknown, expression: unknown, environment: { lookupVariable(name: string): unknown }) => unknown;

/** Run `render` with Python Jinja's rule for subscripts with an undefined or none key (see above). */
function withPythonSubscripts<T>(render: () => T): T {
  const prototype = Interpreter.prototype as unknown as { evaluateMemberExpression: MemberEvaluator };
  const original = prototype.evaluateMemberExpression;
  prototype.evaluateMemberExpression = function (expression, environment) {
    try {
      return original.call(this, expression, environment);
    } catch (error) {
      if (/Cannot access property with non-string: got (UndefinedValue|NullValue)/.test(messageOf(error))) {
        return environment.lookupVariable("\u0000undefined");
      }
      throw error;
    }
  };
  try {
    return render();
  } finally {
    prototype.evaluateMemberExpression = original;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
