import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessage } from "@langchain/core/messages";
import { AsyncLocalStorageProviderSingleton } from "@langchain/core/singletons";
import { isUserError } from "../errors.js";
import { estimateTokens, SimChatModel } from "../models/sim/sim-chat-model.js";
import { SimEmbeddings } from "../models/sim/sim-embeddings.js";
import { generalChatSkill } from "../models/sim/general-chat-skill.js";
import { defaultSimSkills } from "../models/sim/skills/index.js";
import { FaultInjector, type FaultKind } from "./fault-injector.js";
import { readChatRequest, toLangChainMessages, toWireReply, type ChatCompletionRequest } from "./openai-wire.js";

export interface SimServerOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Added before every answer, to mimic a remote endpoint. */
  latencyMs?: number;
  /** Share of requests that fail with an injected fault, 0–1 (default 0). */
  failRate?: number;
  /** Seeds the simulator model and the fault choices. */
  seed?: number;
  /** Relative weights of `rate-limit`, `server-error`, `timeout`, `malformed` (default equal). */
  faults?: Partial<Record<FaultKind, number>>;
  /** Faults per distinct request at most (default 2), so retrying clients always finish. */
  maxFaultsPerRequest?: number;
  /** The Retry-After value sent with injected 429s, in seconds (default 1). */
  retryAfterSeconds?: number;
  /** How long a stalled response hangs before the server drops it (default 120 s). */
  stallMs?: number;
  /**
   * The model to serve (default: `SimChatModel` with `seed`, its built-in skills, and a general
   * chat skill that answers any other OpenAI request: plain chat, tool calls, tool results).
   */
  model?: BaseChatModel;
  /** The model id listed by `/v1/models` (default `sim`). */
  modelName?: string;
}

export interface SimServerStats {
  requests: number;
  completions: number;
  faults: Record<FaultKind, number>;
}

export interface SimServer {
  /** The base URL for OpenAI clients, ending in `/v1`. */
  url: string;
  port: number;
  stats(): SimServerStats;
  close(): Promise<void>;
}

/**
 * The simulator as an OpenAI-compatible endpoint (`POST /v1/chat/completions`,
 * `GET /v1/models`) on 127.0.0.1, with optional latency and seeded fault injection, so
 * OpenAI-client pipelines, tests and benchmarks exercise the real HTTP path offline.
 */
export async function startSimServer(options: SimServerOptions = {}): Promise<SimServer> {
  const seed = options.seed ?? 0;
  const model = options.model ?? new SimChatModel({ seed, skills: [...defaultSimSkills(), generalChatSkill] });
  const modelName = options.modelName ?? "sim";
  const embeddings = new SimEmbeddings();
  const injector = new FaultInjector({
    failRate: options.failRate ?? 0,
    seed,
    mix: options.faults,
    maxFaultsPerRequest: options.maxFaultsPerRequest,
  });
  const stats: SimServerStats = { requests: 0, completions: 0, faults: { "rate-limit": 0, "server-error": 0, timeout: 0, malformed: 0 } };
  const stalled = new Set<ServerResponse>();

  const server = createServer((request, response) => {
    // Serve outside any LangChain run context: in-process, the HTTP handler would otherwise
    // inherit the calling client's run (and its streaming callbacks) and tangle the two.
    const isolated = () => AsyncLocalStorageProviderSingleton.getInstance().run(undefined, () => handle(request, response));
    isolated().catch((error) => {
      if (!response.headersSent) sendError(response, 500, `simulator failed: ${(error as Error).message}`, "server_error");
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    stats.requests++;
    const path = (request.url ?? "/").split("?")[0];
    if (request.method === "GET" && (path === "/v1/models" || path === "/models")) {
      return sendJson(response, 200, { object: "list", data: [{ id: modelName, object: "model", created: 0, owned_by: "button" }] });
    }
    if (request.method === "POST" && (path === "/v1/embeddings" || path === "/embeddings")) return embed(request, response);
    if (request.method !== "POST" || (path !== "/v1/chat/completions" && path !== "/chat/completions")) {
      return sendError(
        response,
        404,
        `no route for ${request.method} ${path}; use POST /v1/chat/completions, POST /v1/embeddings or GET /v1/models`,
        "invalid_request_error",
      );
    }
    const body = await readBody(request);
    const fault = injector.decide(body);
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    if (fault) {
      stats.faults[fault]++;
      return injectFault(fault, response);
    }
    let parsed: ChatCompletionRequest;
    let reply: AIMessage;
    try {
      parsed = readChatRequest(JSON.parse(body));
      reply = await complete(parsed);
    } catch (error) {
      if (error instanceof SyntaxError) return sendError(response, 400, `request body is not valid JSON: ${error.message}`, "invalid_request_error");
      if (isUserError(error)) return sendError(response, 400, error.message, "invalid_request_error", error.field);
      // The simulator could not answer this prompt: a client error, so clients do not retry it.
      return sendError(response, 422, (error as Error).message, "invalid_request_error");
    }
    stats.completions++;
    const { message, finish_reason } = toWireReply(reply);
    const promptTokens = reply.usage_metadata?.input_tokens ?? estimateTokens(body);
    const completionTokens = reply.usage_metadata?.output_tokens ?? estimateTokens(JSON.stringify(message));
    const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
    const id = `chatcmpl-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    const model = parsed.model ?? modelName;
    if (parsed.stream) return sendStream(response, { id, created, model, message, finish_reason, usage: parsed.stream_options?.include_usage ? usage : undefined });
    sendJson(response, 200, {
      id,
      object: "chat.completion",
      created,
      model,
      choices: [{ index: 0, message, finish_reason, logprobs: null }],
      usage,
    });
  }

  /** `/v1/embeddings` with the simulator's lexical embeddings (input: a string or a list of strings). */
  async function embed(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let input: unknown;
    let model: unknown;
    try {
      ({ input, model } = JSON.parse(await readBody(request)) as { input?: unknown; model?: unknown });
    } catch (error) {
      return sendError(response, 400, `request body is not valid JSON: ${(error as Error).message}`, "invalid_request_error");
    }
    const texts = typeof input === "string" ? [input] : Array.isArray(input) && input.every((entry) => typeof entry === "string") ? input : undefined;
    if (!texts) return sendError(response, 400, "'input' must be a string or a list of strings", "invalid_request_error", "input");
    const vectors = await embeddings.embedDocuments(texts);
    const tokens = texts.reduce((sum, text) => sum + estimateTokens(text), 0);
    stats.completions++;
    sendJson(response, 200, {
      object: "list",
      data: vectors.map((embedding, index) => ({ object: "embedding", index, embedding })),
      model: typeof model === "string" ? model : modelName,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    });
  }

  async function complete(request: ChatCompletionRequest): Promise<AIMessage> {
    const messages = toLangChainMessages(request.messages);
    // tool_choice "none": the model must answer in text, as if no tools were offered.
    const tools = request.tool_choice === "none" ? [] : (request.tools ?? []);
    const bound =
      tools.length > 0 && typeof model.bindTools === "function"
        ? model.bindTools(tools, {
            ...(request.tool_choice !== undefined ? { tool_choice: request.tool_choice } : {}),
            ...(request.parallel_tool_calls !== undefined ? { parallel_tool_calls: request.parallel_tool_calls } : {}),
          } as never)
        : model;
    const output: { content: unknown; tool_calls?: AIMessage["tool_calls"]; usage_metadata?: AIMessage["usage_metadata"] } =
      await bound.invoke(messages);
    // Chunks from streaming models are AIMessage-like; copy the parts a completion needs.
    return AIMessage.isInstance(output)
      ? output
      : new AIMessage({ content: output.content as AIMessage["content"], tool_calls: output.tool_calls, usage_metadata: output.usage_metadata });
  }

  function injectFault(fault: FaultKind, response: ServerResponse): void {
    switch (fault) {
      case "rate-limit":
        response.setHeader("retry-after", String(options.retryAfterSeconds ?? 1));
        return sendError(response, 429, "Rate limit reached (injected by button sim-server). Retry after the given time.", "rate_limit_exceeded");
      case "server-error":
        return sendError(response, 500, "The server had an error (injected by button sim-server).", "server_error");
      case "malformed":
        response.writeHead(200, { "content-type": "application/json" });
        response.end('{"id":"chatcmpl-broken","object":"chat.completion","choices":[{"index":0,"message":{"role":"assis');
        return;
      case "timeout": {
        // Hold the request open until the client gives up (or the server closes).
        stalled.add(response);
        const timer = setTimeout(() => response.destroy(), options.stallMs ?? 120_000);
        timer.unref();
        response.on("close", () => {
          clearTimeout(timer);
          stalled.delete(response);
        });
        return;
      }
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    stats: () => ({ ...stats, faults: { ...stats.faults } }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const response of stalled) response.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  response.end(text);
}

function sendError(response: ServerResponse, status: number, message: string, type: string, param?: string): void {
  sendJson(response, status, { error: { message, type, param: param ?? null, code: type } });
}

/**
 * Server-sent events as OpenAI streams them: a first chunk with the role, the content in
 * word-sized pieces, each tool call opened with its id and name and then its arguments in
 * pieces, a last chunk with the finish reason, the usage chunk when asked, then `[DONE]`.
 */
function sendStream(
  response: ServerResponse,
  reply: {
    id: string;
    created: number;
    model: string;
    message: ReturnType<typeof toWireReply>["message"];
    finish_reason: string;
    usage?: Record<string, number>;
  },
): void {
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  const chunk = (choices: unknown[], usage?: unknown) =>
    response.write(`data: ${JSON.stringify({ id: reply.id, object: "chat.completion.chunk", created: reply.created, model: reply.model, choices, ...(usage ? { usage } : {}) })}\n\n`);
  const delta = (value: Record<string, unknown>) => chunk([{ index: 0, delta: value, finish_reason: null }]);
  delta({ role: "assistant", content: "" });
  for (const piece of pieces(reply.message.content ?? "", /(?<=\s)/)) delta({ content: piece });
  (reply.message.tool_calls ?? []).forEach((call, index) => {
    delta({ tool_calls: [{ index, id: call.id, type: "function", function: { name: call.function.name, arguments: "" } }] });
    for (const piece of pieces(call.function.arguments, /(?<=,)/)) delta({ tool_calls: [{ index, function: { arguments: piece } }] });
  });
  chunk([{ index: 0, delta: {}, finish_reason: reply.finish_reason }]);
  if (reply.usage) chunk([], reply.usage);
  response.end("data: [DONE]\n\n");
}

/** Text cut after each separator, in pieces of a few words (at most 8 pieces, none empty). */
function pieces(text: string, separator: RegExp): string[] {
  if (text === "") return [];
  const parts = text.split(separator);
  const size = Math.max(1, Math.ceil(parts.length / 8));
  const out: string[] = [];
  for (let index = 0; index < parts.length; index += size) out.push(parts.slice(index, index + size).join(""));
  return out;
}
