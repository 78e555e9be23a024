import { readdir, readFile, stat } from "node:fs/promises";
import { basename, dirname, extname, join, relative } from "node:path";
import { UserError } from "../errors.js";
import { CHAT_TEMPLATE_PROFILES, type ChatTemplateProfile, type LoadedTemplate } from "./chat-template-profiles.js";

/**
 * Chat templates from what a user points at: Jinja files, `tokenizer_config.json` files (their
 * `chat_template`, a string or a list of named templates as Hugging Face stores them), or
 * directories searched for both. A template is named by its path relative to the directory it
 * was found in (e.g. `vllm/tool_chat_template_hermes`), or by its file name.
 *
 * Templates that allow one call per assistant message get parallel turns split; which ones those
 * are is learnt while rendering (see `renderThroughTemplates`), except for the known profiles.
 */
export async function loadTemplateSources(paths: readonly string[]): Promise<LoadedTemplate[]> {
  const loaded: LoadedTemplate[] = [];
  for (const path of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(path)).isDirectory();
    } catch (cause) {
      throw new UserError(`cannot read chat templates at ${path}; give .jinja files, tokenizer_config.json files or directories of them`, {
        file: path,
        code: "invalid-config",
        cause,
      });
    }
    if (isDirectory) {
      const files = await templateFiles(path);
      if (files.length === 0) throw new UserError(`no .jinja or tokenizer_config.json files under ${path}`, { file: path, code: "invalid-config" });
      for (const file of files) loaded.push(...(await readTemplateFile(file, relative(path, file))));
    } else loaded.push(...(await readTemplateFile(path, basename(path))));
  }
  return loaded;
}

async function templateFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && (entry.name.endsWith(".jinja") || entry.name.endsWith(".jinja2") || entry.name === "tokenizer_config.json"))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

async function readTemplateFile(file: string, shownAs: string): Promise<LoadedTemplate[]> {
  const text = await readFile(file, "utf8");
  if (extname(file) !== ".json") {
    const name = shownAs.replace(/\.jinja2?$/, "");
    return [{ profile: profileFor(name, shownAs), text }];
  }
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (cause) {
    throw new UserError("not valid JSON; a tokenizer_config.json holds an object with 'chat_template'", { file, code: "invalid-input", cause });
  }
  const template = (config as { chat_template?: unknown } | null)?.chat_template;
  // Named by the model folder: `Qwen2.5-7B-Instruct/tokenizer_config.json` → `Qwen2.5-7B-Instruct`.
  const owner = dirname(shownAs) === "." ? basename(dirname(file)) : dirname(shownAs);
  if (typeof template === "string") return [{ profile: { name: owner, file: shownAs }, text: template }];
  if (Array.isArray(template)) {
    const named = template.filter((entry): entry is { name: string; template: string } => typeof entry?.name === "string" && typeof entry?.template === "string");
    if (named.length > 0) return named.map((entry) => ({ profile: { name: `${owner}:${entry.name}`, file: shownAs }, text: entry.template }));
  }
  throw new UserError("no 'chat_template' (a string, or a list of {name, template}) in this tokenizer_config.json", { file, field: "chat_template", code: "invalid-input" });
}

/** Keep a known profile's settings (and short name) when its file is among the user's. */
function profileFor(name: string, file: string): ChatTemplateProfile {
  const known = CHAT_TEMPLATE_PROFILES.find((profile) => profile.file === file || profile.file.endsWith(`/${file}`));
  return known ? { ...known, file } : { name, file };
}
