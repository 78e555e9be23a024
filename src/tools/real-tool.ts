import type { z } from "zod";

/**
 * A function spec backed by real TypeScript code instead of the simulated tool agent.
 * `input` validates the arguments before `run` sees them; the result must still fit the
 * spec's `responses`, exactly as a simulated result must.
 */
export interface RealTool<Input = Record<string, unknown>, Output extends Record<string, unknown> = Record<string, unknown>> {
  name: string;
  input: z.ZodType<Input>;
  run(input: Input, context: { signal?: AbortSignal }): Promise<Output> | Output;
}

/** Type helper so the input type of `run` is inferred from the zod schema. */
export function realTool<Schema extends z.ZodType, Output extends Record<string, unknown>>(definition: {
  name: string;
  input: Schema;
  run(input: z.output<Schema>, context: { signal?: AbortSignal }): Promise<Output> | Output;
}): RealTool<z.output<Schema>, Output> {
  return definition as RealTool<z.output<Schema>, Output>;
}
