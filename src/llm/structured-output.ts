import type { CallOptions } from "./model-call.js";
import { SystemMessage, HumanMessage, type AIMessage } from "@langchain/core/messages";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { z } from "zod";
import { ModelBehaviorError } from "../errors.js";
import { withCorrectiveRetries, type CorrectiveResult } from "./corrective-retry.js";

/**
 * Ask a model for a value of a zod schema. The schema is offered as a forced tool named
 * `name` (what a real model and the simulator both see); a model that answers in text
 * instead is accepted when the text holds JSON of the right shape. `withStructuredOutput`
 * does not validate, so every answer is parsed with the schema here, and a mismatch is a
 * model-behaviour error that is shown to the model and retried.
 */
export async function generateStructured<T>(input: {
  model: BaseChatModel;
  name: string;
  description: string;
  schema: z.ZodType<T>;
  system: string;
  prompt: string;
  maxRetries: number;
  call?: CallOptions;
}): Promise<CorrectiveResult<T>> {
  const jsonSchema = z.toJSONSchema(input.schema, { target: "draft-7" }) as Record<string, unknown>;
  delete jsonSchema.$schema;
  const tool = { type: "function" as const, function: { name: input.name, description: input.description, parameters: jsonSchema } };
  const model =
    typeof input.model.bindTools === "function"
      ? input.model.bindTools([tool], { tool_choice: { type: "function", function: { name: input.name } } } as never)
      : input.model;
  return withCorrectiveRetries({
    model,
    messages: [new SystemMessage(input.system), new HumanMessage(input.prompt)],
    maxRetries: input.maxRetries,
    call: input.call,
    interpret: (reply: AIMessage) => {
      const call = reply.tool_calls?.find((candidate) => candidate.name === input.name);
      let value: unknown = call?.args;
      if (value === undefined) {
        const text = typeof reply.content === "string" ? reply.content : reply.text;
        value = parseJsonFromText(text);
        if (value === undefined) {
          throw new ModelBehaviorError("unparseable-output", `Call '${input.name}' with arguments that fit its schema.`, {
            output: text,
          });
        }
      }
      const parsed = input.schema.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new ModelBehaviorError(
          "unparseable-output",
          `The arguments of '${input.name}' do not fit its schema: ${issue?.path.join(".") || "value"} ${issue?.message ?? "is invalid"}.`,
          { output: JSON.stringify(value) },
        );
      }
      return parsed.data;
    },
  });
}

function parseJsonFromText(text: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text);
  const body = (fenced ? fenced[1]! : text).trim();
  const start = body.search(/[[{]/);
  if (start < 0) return undefined;
  try {
    return JSON.parse(body.slice(start));
  } catch {
    return undefined;
  }
}
