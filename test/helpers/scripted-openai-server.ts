import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type ScriptedCompletion =
  | { content?: string | null; tool_calls?: Array<{ id: string; name: string; arguments: string }> }
  | { status: number; body: string; headers?: Record<string, string> };

/**
 * A minimal OpenAI-compatible `/v1/chat/completions` server on 127.0.0.1 that plays back a
 * script and records each request body — so tests drive the real ChatOpenAI HTTP path.
 */
export async function startScriptedOpenAIServer(script: ScriptedCompletion[]) {
  const requests: Array<Record<string, any>> = [];
  let position = 0;
  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
    requests.push(body);
    const entry = script[position++];
    if (!entry) {
      response.writeHead(500, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: { message: "script exhausted" } }));
      return;
    }
    if ("status" in entry) {
      response.writeHead(entry.status, { "content-type": "application/json", ...entry.headers });
      response.end(entry.body);
      return;
    }
    const toolCalls = entry.tool_calls?.map((call) => ({ id: call.id, type: "function", function: { name: call.name, arguments: call.arguments } }));
    response.writeHead(200, { "content-type": "application/json" });
    response.end(
      JSON.stringify({
        id: `chatcmpl-${position}`,
        object: "chat.completion",
        created: 1_700_000_000,
        model: body.model,
        choices: [
          {
            index: 0,
            message: { role: "assistant", content: entry.content ?? null, ...(toolCalls ? { tool_calls: toolCalls } : {}) },
            finish_reason: toolCalls ? "tool_calls" : "stop",
          },
        ],
        usage: { prompt_tokens: 100 + position, completion_tokens: 20, total_tokens: 120 + position },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
