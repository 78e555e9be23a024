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
  /**
   * Pass call arguments as the JSON text of the file (what transformers' apply_chat_template
   * does with OpenAI records) instead of parsed objects (what vLLM does); for templates that
   * print the arguments as text, such as DeepSeek's.
   */
  argumentsAsText?: boolean;
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
  const prepared = options.argumentsAsText ? messages.map((message) => ({ ...message }) as Record<string, unknown>) : messages.map(withObjectArguments);
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
type RuntimeValue = { type: string; value: unknown; constructor: new (value: unknown) => RuntimeValue };
type Evaluate = (this: InterpreterInternals, node: unknown, environment: unknown) => RuntimeValue;
interface InterpreterInternals {
  evaluate: Evaluate;
  evaluateBinaryExpression(node: { operator: { value: string }; left: unknown; right: unknown }, environment: { lookupVariable(name: string): unknown }): RuntimeValue;
  evaluateFor(node: { iterable: { type: string; lhs?: unknown } }, environment: { lookupVariable(name: string): unknown }): unknown;
  applyFilter(operand: RuntimeValue, filter: { type: string; callee?: { type: string; value: string }; args?: unknown[] }, environment: unknown): RuntimeValue;
  evaluateArguments(args: unknown[], environment: unknown): [RuntimeValue[], Map<string, RuntimeValue>];
}

/**
 * Run `render` with three rules of Python's Jinja that @huggingface/jinja lacks, each seen in
 * real tool templates: a subscript with an undefined or none key yields undefined (Hermes); a
 * for-loop over a string walks its characters (Llama 3.2's image scan over `message['content']`);
 * the `format` filter fills `%s`/`%d` (ToolACE, Llama 3.2 pythonic); `~` turns undefined into ""
 * and none into "None" (Llama 4 pythonic starts from an undefined `tool_definition`).
 */
function withPythonSubscripts<T>(render: () => T): T {
  const prototype = Interpreter.prototype as unknown as { evaluateMemberExpression: MemberEvaluator } & InterpreterInternals;
  const original = prototype.evaluateMemberExpression;
  const originalFor = prototype.evaluateFor;
  const originalFilter = prototype.applyFilter;
  const originalBinary = prototype.evaluateBinaryExpression;
  prototype.evaluateBinaryExpression = function (node, environment) {
    if (node.operator.value !== "~") return originalBinary.call(this, node, environment);
    const left = this.evaluate(node.left, environment);
    const right = this.evaluate(node.right, environment);
    const text = (value: RuntimeValue): string =>
      value.type === "UndefinedValue" ? "" : value.type === "NullValue" ? "None" : value.type === "BooleanValue" ? (value.value ? "True" : "False") : String(value.value);
    const stringClass = [left, right].find((value) => value.type === "StringValue")?.constructor ?? (environment.lookupVariable("bos_token") as RuntimeValue).constructor;
    return new stringClass(text(left) + text(right));
  };
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
  prototype.evaluateFor = function (node, environment) {
    const iterableNode = node.iterable.type === "SelectExpression" ? node.iterable.lhs : node.iterable;
    const hadOwn = Object.hasOwn(this, "evaluate");
    const outer = this.evaluate;
    // The messages list gives the ArrayValue class, which the library does not export.
    const arrayClass = (environment.lookupVariable("messages") as RuntimeValue).constructor;
    this.evaluate = function (target, scope) {
      const value = outer.call(this, target, scope);
      if (target !== iterableNode || value.type !== "StringValue") return value;
      return new arrayClass([...(value.value as string)].map((character) => new value.constructor(character)));
    };
    try {
      return originalFor.call(this, node, environment);
    } finally {
      if (hadOwn) this.evaluate = outer;
      else delete (this as Partial<InterpreterInternals>).evaluate;
    }
  };
  prototype.applyFilter = function (operand, filter, environment) {
    if (filter.type === "CallExpression" && filter.callee?.type === "Identifier" && filter.callee.value === "format" && operand.type === "StringValue") {
      const [args] = this.evaluateArguments(filter.args ?? [], environment);
      let next = 0;
      const text = (operand.value as string).replace(/%[sdr%]/g, (slot) => {
        if (slot === "%%") return "%";
        const argument = args[next++];
        if (!argument) return slot;
        return typeof argument.value === "object" && argument.value !== null ? JSON.stringify(toPlain(argument)) : String(argument.value);
      });
      return new operand.constructor(text);
    }
    return originalFilter.call(this, operand, filter, environment);
  };
  try {
    return render();
  } finally {
    prototype.evaluateMemberExpression = original;
    prototype.evaluateFor = originalFor;
    prototype.applyFilter = originalFilter;
    prototype.evaluateBinaryExpression = originalBinary;
  }
}

function toPlain(value: RuntimeValue): unknown {
  if (value.value instanceof Map) return Object.fromEntries([...value.value].map(([key, item]) => [key, toPlain(item as RuntimeValue)]));
  if (Array.isArray(value.value)) return value.value.map((item) => toPlain(item as RuntimeValue));
  return value.value;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
