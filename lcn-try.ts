import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import { resolveRoleModels, simulateTask } from "./src/index.js";
import { task } from "./examples/real-tool.js";
class Collect extends BaseCallbackHandler {
  name = "collect";
  starts: Array<{ kind: string; tags?: string[]; metadata?: Record<string, unknown>; parent?: string; name?: string }> = [];
  override async handleChatModelStart(_l: unknown, _m: unknown, runId: string, parent?: string, _e?: unknown, tags?: string[], metadata?: Record<string, unknown>) { this.starts.push({ kind: "model", tags, metadata, parent }); }
  override async handleChainStart(_c: unknown, _i: unknown, runId: string, _rt?: unknown, parent?: string, tags?: string[], metadata?: Record<string, unknown>, _r?: unknown, name?: string) { this.starts.push({ kind: "chain", tags, parent, name }); }
}
const handler = new Collect();
const record = await simulateTask(task, { models: resolveRoleModels(), tracing: { callbacks: [handler], tags: ["mine"], metadata: { team: "x" } } });
console.log(record.reason ?? "accepted");
for (const s of handler.starts) console.log(s.kind, s.name ?? "", s.parent ? "child" : "ROOT", JSON.stringify(s.tags), JSON.stringify(s.metadata ?? {}).slice(0, 200));
