import { z } from "zod";
import { UserError } from "../errors.js";

/**
 * A JSON-Schema-like property description. BUTTON specs use a flat map of these for both
 * `parameters` and `responses`. Unknown keys (minimum, format, …) are kept, so conversions are lossless.
 */
export const propertySchema = z
  .object({
    type: z.string().optional(),
    description: z.string().optional(),
    enum: z.array(z.unknown()).optional(),
  })
  .catchall(z.unknown());
export type PropertySpec = z.infer<typeof propertySchema>;

/** BUTTON's five-key function spec; the form we store. */
export const functionSpecSchema = z.object({
  name: z.string().min(1),
  description: z.string(),
  parameters: z.record(z.string(), propertySchema),
  required: z.array(z.string()),
  responses: z.record(z.string(), propertySchema),
});
export type FunctionSpec = z.infer<typeof functionSpecSchema>;

/** The OpenAI tool form: `{type:"function", function:{name, description, parameters}}`. */
export const openAIToolSchema = z.object({
  type: z.literal("function"),
  function: z
    .object({
      name: z.string().min(1),
      description: z.string().optional(),
      parameters: z
        .object({
          type: z.literal("object").optional(),
          properties: z.record(z.string(), propertySchema).optional(),
          required: z.array(z.string()).optional(),
        })
        .catchall(z.unknown())
        .optional(),
      /** Not part of OpenAI's format; written only when asked, so a round trip keeps `responses`. */
      responses: z.record(z.string(), propertySchema).optional(),
    })
    .catchall(z.unknown()),
});
export type OpenAITool = z.infer<typeof openAIToolSchema>;

export interface ToOpenAIToolOptions {
  /** Carry BUTTON `responses` inside `function.responses` (non-standard; off for training exports). */
  includeResponses?: boolean;
}

export function toOpenAITool(spec: FunctionSpec, options: ToOpenAIToolOptions = {}): OpenAITool {
  return {
    type: "function",
    function: {
      name: spec.name,
      description: spec.description,
      parameters: { type: "object", properties: spec.parameters, required: spec.required },
      ...(options.includeResponses ? { responses: spec.responses } : {}),
    },
  };
}

export function fromOpenAITool(tool: OpenAITool): FunctionSpec {
  const parameters = tool.function.parameters ?? {};
  return {
    name: tool.function.name,
    description: tool.function.description ?? "",
    parameters: parameters.properties ?? {},
    required: parameters.required ?? [],
    responses: tool.function.responses ?? {},
  };
}

/**
 * Accept a function spec in BUTTON 5-key form, OpenAI tool form, or the bare OpenAI
 * `{name, description, parameters:{type:"object",…}}` function form used by glaive and ShareGPT data.
 */
export function parseFunctionSpec(input: unknown, location: { file?: string; line?: number } = {}): FunctionSpec {
  if (typeof input === "object" && input !== null) {
    const record = input as Record<string, unknown>;
    if (record.type === "function" && typeof record.function === "object") {
      const tool = openAIToolSchema.safeParse(input);
      if (tool.success) return fromOpenAITool(tool.data);
      throw invalidSpec(tool.error, location);
    }
    const parameters = record.parameters as Record<string, unknown> | undefined;
    if (parameters && typeof parameters === "object" && (parameters.type === "object" || "properties" in parameters)) {
      const tool = openAIToolSchema.safeParse({ type: "function", function: input });
      if (tool.success) return fromOpenAITool(tool.data);
      throw invalidSpec(tool.error, location);
    }
    const filled = {
      description: "",
      parameters: {},
      required: [],
      responses: {},
      ...record,
    };
    const spec = functionSpecSchema.safeParse(filled);
    if (spec.success) return spec.data;
    throw invalidSpec(spec.error, location);
  }
  throw new UserError("a function spec must be a JSON object", { ...location, field: "functions" });
}

function invalidSpec(error: z.ZodError, location: { file?: string; line?: number }): UserError {
  const issue = error.issues[0];
  const field = ["functions", ...(issue?.path ?? []).map(String)].join(".");
  return new UserError(`invalid function spec: ${issue?.message ?? "unknown problem"}`, { ...location, field });
}
