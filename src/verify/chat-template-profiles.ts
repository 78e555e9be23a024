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

/** Render a canonical record's OpenAI export through every loaded template. */
export function renderCheckRecord(record: TrajectoryRecord, templates: readonly LoadedTemplate[]): Array<{ profile: string } & RenderCheckResult> {
  const exported = writeOpenAI(record) as { messages: Array<Record<string, unknown>>; tools: unknown[] };
  return templates.map(({ profile, text }) => ({ profile: profile.name, ...renderCheck(text, exported, profile) }));
}

/** Read the templates of `templatesDir` and render one record through them. */
export async function renderCheckTemplates(
  record: TrajectoryRecord,
  templatesDir: string,
  profiles: readonly ChatTemplateProfile[] = CHAT_TEMPLATE_PROFILES,
): Promise<Array<{ profile: string } & RenderCheckResult>> {
  return renderCheckRecord(record, await loadChatTemplates(templatesDir, profiles));
}
