import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { UserError } from "../errors.js";
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

export interface LoadedTemplate {
  profile: ChatTemplateProfile;
  text: string;
}

/** Read each profile's template from `templatesDir` once, for many records. */
export async function loadChatTemplates(
  templatesDir: string,
  profiles: readonly ChatTemplateProfile[] = CHAT_TEMPLATE_PROFILES,
): Promise<LoadedTemplate[]> {
  // One at a time, so a missing directory is always reported for the first template.
  const loaded: LoadedTemplate[] = [];
  for (const profile of profiles) {
    const file = join(templatesDir, profile.file);
    try {
      loaded.push({ profile, text: await readFile(file, "utf8") });
    } catch (cause) {
      throw new UserError(`cannot read chat template '${profile.name}'; expected it at ${file}`, { file, code: "invalid-config", cause });
    }
  }
  return loaded;
}

/** One template's result for one record; `splitCalls` when it rendered only with one call per message. */
export type TemplateRenderResult = { profile: string; splitCalls?: boolean; argumentsAsText?: boolean } & RenderCheckResult;

/**
 * Render a canonical record's OpenAI export through every loaded template. A template without a
 * profile setting that raises on a turn with several calls is tried again with the calls split
 * into consecutive messages (what a trainer for a one-call-per-message model must do).
 */
export function renderCheckRecord(record: TrajectoryRecord, templates: readonly LoadedTemplate[]): TemplateRenderResult[] {
  const exported = writeOpenAI(record) as { messages: Array<Record<string, unknown>>; tools: unknown[] };
  const hasParallelTurn = record.messages.some((message) => message.role === "assistant" && (message.tool_calls?.length ?? 0) > 1);
  return templates.map(({ profile, text }) => {
    const first = renderCheck(text, exported, profile);
    if (first.ok) return { profile: profile.name, ...first };
    // Then the two ways trainers legitimately differ: arguments as text, one call per message.
    const tries: RenderCheckOptions[] = [{ argumentsAsText: true }];
    if (hasParallelTurn && profile.oneCallPerMessage === undefined) tries.push({ oneCallPerMessage: true }, { oneCallPerMessage: true, argumentsAsText: true });
    for (const variant of tries) {
      const result = renderCheck(text, exported, { ...profile, ...variant });
      if (result.ok) return { profile: profile.name, ...(variant.oneCallPerMessage ? { splitCalls: true } : {}), ...(variant.argumentsAsText ? { argumentsAsText: true } : {}), ...result };
    }
    return { profile: profile.name, ...first };
  });
}

/** Read the templates of `templatesDir` and render one record through them. */
export async function renderCheckTemplates(
  record: TrajectoryRecord,
  templatesDir: string,
  profiles: readonly ChatTemplateProfile[] = CHAT_TEMPLATE_PROFILES,
): Promise<Array<{ profile: string } & RenderCheckResult>> {
  return renderCheckRecord(record, await loadChatTemplates(templatesDir, profiles));
}
