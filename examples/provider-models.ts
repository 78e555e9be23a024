/**
 * Models by provider name: every role's model comes from a spec string, `sim`, `openai:<name>`,
 * a bare name at --base-url, or `<provider>:<name>` for any provider LangChain's
 * `initChatModel` knows (anthropic, google-genai, ollama, groq, mistralai, bedrock, …) once
 * its package is installed. Here the tool agent may use a different model from the others.
 *
 *   npx tsx examples/provider-models.ts [MODEL] [TOOL_MODEL]
 *   npx tsx examples/provider-models.ts anthropic:claude-sonnet-4-5 groq:llama-3.1-8b-instant
 *
 * Prints one trajectory record (JSONL) on stdout. With no arguments it runs offline on `sim`.
 * In your own project, import from "button-synth".
 */
import { readFileSync } from "node:fs";
import { isUserError, loadRoleModels, parseTask, simulateTask } from "../src/index.js";

const [model = "sim", toolModel] = process.argv.slice(2);
const task = parseTask(JSON.parse(readFileSync(new URL("./tasks.jsonl", import.meta.url), "utf8").split("\n")[0]!));

try {
  // A provider whose package is missing fails here, in one line: "… run `npm install @langchain/anthropic`."
  const models = await loadRoleModels({ model, roles: toolModel ? { tool: toolModel } : {}, temperature: model === "sim" ? undefined : 0 });
  const record = await simulateTask(task, { models });
  console.log(JSON.stringify(record));
} catch (error) {
  if (!isUserError(error)) throw error;
  console.error(error.message);
  process.exitCode = 2;
}
