import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeOpenAI } from "../formats/openai-format.js";
import type { TrajectoryRecord } from "../schema/trajectory.js";
import { renderCheck, type RenderCheckOptions, type RenderCheckResult } from "./render-check.js";

/**
 * Tool-capable chat templates the exports are checked against, by file name under a templates
 * directory laid out like `datasets/chat-templates` (vLLM's `examples/` and Axolotl's bundled
 * templates). Llama 3.1 JSON allows one call per message, so parallel turns are split for it.
 */
export interface ChatTemplateProfile extends RenderCheckOptions {
  name: string;
  file: string;
}

export const CHAT_TEMPLATE_PROFILES: readonly ChatTemplateProfile[] = [
  { name: "qwen2.5", file: "axolotl/qwen_25.jinja" },
  { name: "qwen3", file: "axolotl/qwen3.jinja" },
  { name: "llama3.1-json", file: "vllm/tool_chat_template_llama3.1_json.jinja", oneCallPerMessage: true },
  { name: "hermes", file: "vllm/tool_chat_template_hermes.jinja" },
  { name: "mistral-parallel", file: "vllm/tool_chat_template_mistral_parallel.jinja" },
];

/** Render a canonical record's OpenAI export through every profile's template in `templatesDir`. */
export async function renderCheckTemplates(
  record: TrajectoryRecord,
  templatesDir: string,
  profiles: readonly ChatTemplateProfile[] = CHAT_TEMPLATE_PROFILES,
): Promise<Array<{ profile: string } & RenderCheckResult>> {
  const exported = writeOpenAI(record) as { messages: Array<Record<string, unknown>>; tools: unknown[] };
  const results = [];
  for (const profile of profiles) {
    const template = await readFile(join(templatesDir, profile.file), "utf8");
    results.push({ profile: profile.name, ...renderCheck(template, exported, profile) });
  }
  return results;
}
