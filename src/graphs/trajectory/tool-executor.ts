import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { CallOptions } from "../../llm/model-call.js";
import { tracingConfig } from "../../llm/model-call.js";
import { runToolAgent } from "../../agents/tool-agent.js";
import { ModelBehaviorError } from "../../errors.js";
import type { FunctionSpec } from "../../schema/function-spec.js";
import { emptyUsage, mergeUsage, type Usage } from "../../schema/trajectory.js";
import { FunctionCatalog } from "../../tools/function-catalog.js";
import { resultProblems } from "../../tools/json-schema.js";
import { isLangChainTool, runLangChainTool } from "../../tools/langchain-tool.js";
import { isToolErrorResult } from "../../tools/tool-error-result.js";
import type { ResolvedSimulationOptions } from "./simulation-options.js";
import { usageFor } from "./usage-update.js";

/** One executed call: the tool message's content, and whether it may be cached (errors never are). */
export interface ToolExecution {
  content: string;
  cache: boolean;
}

/**
 * Executes calls of one task's functions: the real implementation where one is given (a
 * `realTool` or a LangChain tool), else the simulated tool agent, which sees only the one
 * function. Shared by the tools role and by roles that run tools themselves (a LangChain
 * agent as the assistant). Tool-agent tokens and recovered errors accumulate here.
 */
export class ToolExecutor {
  usage: Usage = emptyUsage();
  readonly recovered: string[] = [];
  private readonly catalog: FunctionCatalog;

  constructor(
    functions: FunctionSpec[],
    private readonly options: ResolvedSimulationOptions,
    private readonly model: BaseChatModel,
    private readonly call: CallOptions,
  ) {
    this.catalog = new FunctionCatalog(functions);
  }

  /** Run one call. A result that does not fit the function's `responses` is a ModelBehaviorError. */
  async execute(name: string, args: Record<string, unknown>): Promise<ToolExecution> {
    const { options } = this;
    const spec = this.catalog.require(name);
    const real = options.realTools[spec.name];
    let result: Record<string, unknown>;
    if (real && isLangChainTool(real)) {
      // A LangChain tool's thrown errors come back as error results: passed on, never cached.
      result = await runLangChainTool(real, args, { ...tracingConfig(this.call), signal: options.signal });
      if (isToolErrorResult(result)) return { content: JSON.stringify(result), cache: false };
      const problems = resultProblems(spec, result);
      if (problems.length > 0) {
        throw new ModelBehaviorError("invalid-result", `LangChain tool '${spec.name}' returned a result that does not fit its responses: ${problems.join("; ")}.`);
      }
    } else if (real) {
      const input = real.input.safeParse(args);
      if (!input.success) {
        throw new ModelBehaviorError("invalid-arguments", `Arguments for '${spec.name}' were rejected by its implementation: ${input.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ")}.`);
      }
      result = await real.run(input.data, { signal: options.signal });
      // A real tool reports a failure by returning an error result: passed on, never cached.
      if (isToolErrorResult(result)) return { content: JSON.stringify(result), cache: false };
      const problems = resultProblems(spec, result);
      if (problems.length > 0) {
        throw new ModelBehaviorError("invalid-result", `Real tool '${spec.name}' returned a result that does not fit its responses: ${problems.join("; ")}.`);
      }
    } else {
      const answer = await runToolAgent({
        model: this.model,
        spec,
        arguments: args,
        maxRetries: options.maxRetries,
        call: this.call,
      });
      this.usage = mergeUsage(this.usage, usageFor("tool", answer.usage));
      this.recovered.push(...answer.errors.map((error) => `tool: ${error.code}`));
      result = answer.value;
    }
    return { content: JSON.stringify(result), cache: true };
  }
}
