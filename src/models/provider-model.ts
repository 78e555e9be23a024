import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
// The universal chat-model module alone: the `langchain` entry point also loads agents and middleware.
import { initChatModel, MODEL_PROVIDER_CONFIG } from "langchain/chat_models/universal";
import { UserError } from "../errors.js";

/** What a provider model is built with (the part of `ModelSettings` that applies to every provider). */
export interface ProviderModelSettings {
  temperature?: number;
  /** Retries inside the provider's client (0 when the runner's transport retries are active). */
  clientRetries?: number;
  /** Only for providers that take one (Ollama's server address). */
  baseUrl?: string;
}

/**
 * The providers `initChatModel` knows, except `openai`: OpenAI and OpenAI-compatible
 * endpoints keep our own `ChatOpenAI` set-up (base URL, key check, seed).
 */
export function providerNames(): string[] {
  return Object.keys(MODEL_PROVIDER_CONFIG).filter((name) => name !== "openai");
}

/** The provider of a `provider:model` spec, when the prefix is one `initChatModel` knows. */
export function providerOf(spec: string): string | undefined {
  const colon = spec.indexOf(":");
  if (colon <= 0) return undefined;
  const prefix = spec.slice(0, colon);
  // `llama3:8b` is a bare model name at a base URL, not a provider.
  return providerNames().includes(prefix) ? prefix : undefined;
}

/** The npm package a provider's chat model lives in, e.g. `@langchain/anthropic`. */
export function providerPackage(provider: string): string | undefined {
  return (MODEL_PROVIDER_CONFIG as Record<string, { package: string } | undefined>)[provider]?.package;
}

/**
 * Load `provider:model` through LangChain's `initChatModel`, which imports the provider's
 * package on demand and reads its own key from the environment (ANTHROPIC_API_KEY, …).
 * A provider whose package is not installed becomes a one-line UserError naming the package.
 */
export async function loadProviderModel(spec: string, settings: ProviderModelSettings = {}): Promise<BaseChatModel> {
  const provider = providerOf(spec);
  if (!provider) {
    throw new UserError(`'${spec}' does not start with a known provider (${providerNames().join(", ")}).`, { code: "invalid-config", field: "model" });
  }
  const model = spec.slice(provider.length + 1).trim();
  if (model === "") throw new UserError(`The model name after '${provider}:' is empty; use '${provider}:<model name>'.`, { code: "invalid-config", field: "model" });
  const packageName = providerPackage(provider)!;
  try {
    const configurable = await initChatModel(model, {
      modelProvider: provider,
      ...(settings.temperature !== undefined ? { temperature: settings.temperature } : {}),
      ...(settings.clientRetries !== undefined ? { maxRetries: settings.clientRetries } : {}),
      ...(settings.baseUrl !== undefined && provider === "ollama" ? { baseUrl: settings.baseUrl } : {}),
    });
    return await concreteModel(configurable);
  } catch (error) {
    if (isMissingPackage(error, packageName)) {
      // No field prefix: the message names the model, and stays one readable line.
      throw new UserError(`Model '${spec}' needs the package ${packageName}: run \`npm install ${packageName}\`.`, { code: "invalid-config", cause: error });
    }
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new UserError(`Model '${spec}' could not be set up by ${packageName}: ${reason}`, { code: "invalid-config", field: "model", cause: error });
  }
}

/**
 * The provider's own chat model (ChatAnthropic, ChatOllama, …) that `initChatModel` built.
 * Its wrapper keys a model cache by the whole call config, and every call here carries its
 * own tags (task id, role), so the wrapper would build one client per task; the model itself
 * also names itself properly in records and manifests. initChatModel has already built and
 * cached it, so this constructs nothing new.
 */
async function concreteModel(configurable: unknown): Promise<BaseChatModel> {
  const wrapper = configurable as { _getModelInstance?: () => Promise<unknown> };
  const model = typeof wrapper._getModelInstance === "function" ? await wrapper._getModelInstance() : configurable;
  return model as BaseChatModel;
}

/**
 * langchain rewrites Node's ERR_MODULE_NOT_FOUND into "Unable to import <package>"; other
 * loaders (a CommonJS build, a bundler) give the raw "Cannot find package/module" error.
 */
function isMissingPackage(error: unknown, packageName: string): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  const text = error.message;
  if (text.includes(`Unable to import ${packageName}`)) return true;
  return (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND" || /Cannot find (package|module)/.test(text)) && text.includes(packageName);
}
