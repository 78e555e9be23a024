/**
 * A worker setup module for the process-pool tests: the parent and every child build their
 * simulation from the same JSON settings with this one function.
 */
import { resolveRoleModels } from "../../src/models/resolve-model.js";
import type { WorkerSimulation } from "../../src/run/process-pool/index.js";

export interface TestSetupSettings {
  model?: string;
  baseUrl?: string;
  apiKey?: string;
  seed?: number;
  maxTurns?: number;
}

export default function testSimulation(settings: TestSetupSettings = {}): WorkerSimulation {
  const models = resolveRoleModels({
    model: settings.model ?? "sim",
    baseUrl: settings.baseUrl,
    apiKey: settings.apiKey,
    seed: settings.seed ?? 0,
    clientRetries: 0,
    timeoutMs: 30_000,
  });
  return { simulation: { models, maxTurns: settings.maxTurns ?? 6, seed: settings.seed ?? 0 } };
}

export const TEST_SETUP_MODULE = new URL("./process-pool-setup.ts", import.meta.url).href;
