import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { ChatOpenAI, OpenAIEmbeddings } from "@langchain/openai";
import { UserError } from "../errors.js";
import { SimChatModel } from "./sim/sim-chat-model.js";
import { SimEmbeddings } from "./sim/sim-embeddings.js";
import { loadProviderModel, providerOf } from "./provider-model.js";
import { messyModel } from "./sim/messy/messy-model-spec.js";
import { deadlineFetch } from "../llm/response-deadline.js";
import { registerSecret } from "../util/secret-redaction.js";

/** The OpenAI client's default request timeout. */
const DEFAULT_TIMEOUT_MS = 600_000;

/**
 * A base URL that fetch can use. `user:password@host` is refused with a reason: fetch cannot send
 * credentials in a URL, and the key belongs in OPENAI_API_KEY (sent as a bearer token) anyway.
 */
function checkedBaseUrl(baseUrl: string | undefined): string | undefined {
  if (baseUrl === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new UserError(`--base-url '${baseUrl}' is not a URL; write it like http://127.0.0.1:8000/v1`, { field: "base-url", code: "invalid-config" });
  }
  if (url.username || url.password) {
    throw new UserError(
      "--base-url must not contain user:password@; put the key in OPENAI_API_KEY (sent as a bearer token), or put a proxy that adds basic auth in front of the server",
      { field: "base-url", code: "invalid-config" },
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UserError(`--base-url must start with http:// or https://, got '${url.protocol}'`, { field: "base-url", code: "invalid-config" });
  }
  return baseUrl;
}

export const AGENT_ROLES = ["user", "assistant", "tool"] as const;
/** The three roles every trajectory graph has. */
export type BuiltInRoleName = (typeof AGENT_ROLES)[number];

export interface ModelSettings {
  /**
   * `sim` (default, offline), a `sim:<variant>` or `sim:<seed>`, `openai:<name>`, a bare model
   * name served at `baseUrl`, or `<provider>:<name>` for any provider LangChain's
   * `initChatModel` knows (`anthropic:`, `google-genai:`, `ollama:`, `groq:`, …; async: use `loadModel`).
   */
  model?: string;
  /** Any OpenAI-compatible endpoint: OpenAI, vLLM, Ollama, llama.cpp server, LM Studio. */
  baseUrl?: string;
  /** Defaults to the OPENAI_API_KEY environment variable. */
  apiKey?: string;
  /** Seed for the simulator (and sent to real endpoints that honour it). */
  seed?: number;
  temperature?: number;
  /** Per-request timeout for real endpoints. */
  timeoutMs?: number;
  /** Retries inside the OpenAI client; set 0 when the runner's transport retries are active. */
  clientRetries?: number;
  /** Per-role model overrides, e.g. `{ tool: "openai:gpt-4o-mini" }`. */
  roles?: Partial<Record<BuiltInRoleName | (string & {}), string>>;
}

/** The three standard roles' models, plus one for every other role named in `settings.roles` (e.g. `critic`). */
export type RoleModels = Record<BuiltInRoleName, BaseChatModel> & { [role: string]: BaseChatModel | undefined };

/** Builds a `sim:<variant>` model (e.g. a messy simulator) for a seed. */
export type SimVariantFactory = (settings: { seed: number }) => BaseChatModel;

// `sim:<variant>` names; variants register themselves here (registerSimVariant), `sim:<number>` is a seed.
const simVariants = new Map<string, SimVariantFactory>();

/** Make `sim:<name>` resolve to the given simulator variant. */
export function registerSimVariant(name: string, factory: SimVariantFactory): void {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new UserError(`Simulator variant names are lower-case words ('${name}' is not).`, { code: "invalid-config" });
  simVariants.set(name, factory);
}

function resolveSimModel(name: string, settings: ModelSettings): BaseChatModel {
  const suffix = name.startsWith("sim:") ? name.slice(4) : "";
  const variant = simVariants.get(suffix);
  if (variant) return variant({ seed: settings.seed ?? 0 });
  const seed = suffix === "" ? (settings.seed ?? 0) : Number(suffix);
  if (!Number.isFinite(seed)) {
    const names = [...simVariants.keys()].map((key) => `'sim:${key}'`);
    throw new UserError(`'${name}' is not a valid simulator model; use 'sim', ${[...names, "'sim:<seed>'"].join(", ")}.`, { code: "invalid-config", field: "model" });
  }
  return new SimChatModel({ seed });
}

/**
 * Resolve one model spec to a LangChain chat model, synchronously: `sim`, `openai:` and bare
 * names. For other providers (`anthropic:…`) use {@link loadModel}, which imports their package.
 */
export function resolveModel(spec: string | undefined, settings: ModelSettings = {}): BaseChatModel {
  const name = (spec ?? "sim").trim();
  if (name === "sim:messy" || name.startsWith("sim:messy:")) return messyModel(name, settings.seed ?? 0);
  if (name === "sim" || name.startsWith("sim:")) return resolveSimModel(name, settings);
  const provider = providerOf(name);
  if (provider) {
    throw new UserError(`Model '${name}' is loaded through LangChain's initChatModel: call \`await loadModel(...)\` / \`await loadRoleModels(...)\` instead of resolveModel.`, {
      code: "invalid-config",
      field: "model",
    });
  }
  const model = name.startsWith("openai:") ? name.slice("openai:".length) : name;
  if (model === "") throw new UserError("The model name is empty; use 'sim', 'openai:<name>' or '<name>'.", { code: "invalid-config", field: "model" });
  const apiKey = settings.apiKey || process.env.OPENAI_API_KEY || undefined;
  if (!apiKey && !settings.baseUrl) {
    throw new UserError(
      `Model '${name}' needs an API key: set OPENAI_API_KEY, or pass --base-url for a local OpenAI-compatible server, or use --model sim.`,
      { code: "invalid-config", field: "model" },
    );
  }
  const baseURL = checkedBaseUrl(settings.baseUrl);
  registerSecret(apiKey);
  return new ChatOpenAI({
    model,
    apiKey: apiKey ?? "not-needed",
    temperature: settings.temperature,
    timeout: settings.timeoutMs,
    maxRetries: settings.clientRetries ?? 2,
    // The body is read under the same deadline as the headers (a trickling body is a timeout).
    configuration: { ...(baseURL ? { baseURL } : {}), fetch: deadlineFetch(settings.timeoutMs ?? DEFAULT_TIMEOUT_MS) },
    ...(settings.seed !== undefined ? { modelKwargs: { seed: settings.seed } } : {}),
  });
}

/**
 * Resolve any model spec, including `<provider>:<name>` through LangChain's `initChatModel`
 * (the provider's package must be installed; a missing one is a one-line UserError naming it).
 */
export async function loadModel(spec: string | undefined, settings: ModelSettings = {}): Promise<BaseChatModel> {
  const name = (spec ?? "sim").trim();
  if (providerOf(name)) {
    return loadProviderModel(name, { temperature: settings.temperature, clientRetries: settings.clientRetries, baseUrl: settings.baseUrl });
  }
  return resolveModel(name, settings);
}

/** One model per agent role: the role's override, else the common model. Sync: `sim`, `openai:` and bare names only. */
export function resolveRoleModels(settings: ModelSettings = {}): RoleModels {
  const cache = new Map<string, BaseChatModel>();
  return assignRoleModels(settings, (spec) => {
    let model = cache.get(spec);
    if (!model) {
      model = resolveModel(spec, settings);
      cache.set(spec, model);
    }
    return model;
  });
}

/** {@link resolveRoleModels} for every kind of model spec, providers included (see {@link loadModel}). */
export async function loadRoleModels(settings: ModelSettings = {}): Promise<RoleModels> {
  const specs = new Set<string>();
  assignRoleModels(settings, (spec) => {
    specs.add(spec);
    return undefined as unknown as BaseChatModel;
  });
  const loaded = new Map<string, BaseChatModel>();
  for (const spec of specs) loaded.set(spec, await loadModel(spec, settings));
  return assignRoleModels(settings, (spec) => loaded.get(spec)!);
}

function assignRoleModels(settings: ModelSettings, get: (spec: string) => BaseChatModel): RoleModels {
  const common = settings.model ?? "sim";
  const extra = Object.entries(settings.roles ?? {}).flatMap(([role, spec]) =>
    spec && !(AGENT_ROLES as readonly string[]).includes(role) ? [[role, get(spec)] as const] : [],
  );
  return {
    user: get(settings.roles?.user ?? common),
    assistant: get(settings.roles?.assistant ?? common),
    tool: get(settings.roles?.tool ?? common),
    ...Object.fromEntries(extra),
  };
}

/**
 * Resolve an embedding model for construction's dedup: `sim` (offline, lexical), or any
 * OpenAI-compatible `/v1/embeddings` model (`openai:text-embedding-3-small`, or a bare name
 * served at `baseUrl`).
 */
export function resolveEmbeddings(spec: string, settings: Pick<ModelSettings, "baseUrl" | "apiKey"> = {}): EmbeddingsInterface {
  const name = spec.trim();
  if (name === "sim") return new SimEmbeddings();
  const model = name.startsWith("openai:") ? name.slice("openai:".length) : name;
  const apiKey = settings.apiKey || process.env.OPENAI_API_KEY || undefined;
  if (!apiKey && !settings.baseUrl) {
    throw new UserError(`Embedding model '${name}' needs OPENAI_API_KEY or --base-url; or use --embeddings sim.`, {
      code: "invalid-config",
      field: "embeddings",
    });
  }
  const baseURL = checkedBaseUrl(settings.baseUrl);
  registerSecret(apiKey);
  return new OpenAIEmbeddings({
    model,
    apiKey: apiKey ?? "not-needed",
    configuration: { ...(baseURL ? { baseURL } : {}), fetch: deadlineFetch(DEFAULT_TIMEOUT_MS) },
  });
}
