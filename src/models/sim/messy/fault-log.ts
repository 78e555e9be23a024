import { appendFile, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { readJsonl } from "../../../util/jsonl-reader.js";
import { FAULT_KINDS, type FaultKind, type InjectedFault } from "./fault-kinds.js";
import { MessySimChatModel } from "./messy-sim-chat-model.js";

export const FAULT_LOG_FILE = "faults.jsonl";

/** The messy simulators among some models (each once, whatever roles share it). */
export function messyModelsOf(models: Iterable<BaseChatModel | undefined>): MessySimChatModel[] {
  return [...new Set([...models].filter((model): model is MessySimChatModel => model instanceof MessySimChatModel))];
}

/** Count faults by kind; every kind is present. */
export function countFaults(faults: readonly InjectedFault[]): Record<FaultKind, number> {
  const counts = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
  for (const fault of faults) counts[fault.kind]++;
  return counts;
}

const written = new WeakMap<MessySimChatModel, number>();

/**
 * Append the faults the messy models injected since the last call to `<dir>/faults.jsonl`,
 * and return them. Appending keeps a resumed run's earlier faults.
 */
export async function appendFaultLog(dir: string, models: readonly MessySimChatModel[]): Promise<InjectedFault[]> {
  const fresh = models.flatMap((model) => {
    const from = written.get(model) ?? 0;
    written.set(model, model.faults.length);
    return model.faults.slice(from);
  });
  if (models.length === 0) return fresh;
  await mkdir(dir, { recursive: true });
  await appendFile(join(dir, FAULT_LOG_FILE), fresh.map((fault) => `${JSON.stringify(fault)}\n`).join(""));
  return fresh;
}

/** Every fault in `<dir>/faults.jsonl` (none when the file is absent). */
export async function readFaultLog(dir: string): Promise<InjectedFault[]> {
  const faults: InjectedFault[] = [];
  try {
    for await (const entry of readJsonl(join(dir, FAULT_LOG_FILE))) {
      if (entry.error) throw entry.error;
      faults.push(entry.value as InjectedFault);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return faults;
}

/**
 * After a simulation with messy models: append their faults to `faults.jsonl` and put the
 * counts by kind (all sessions) into `manifest.json` under `faults`.
 */
export async function recordFaults(dir: string, models: readonly MessySimChatModel[], manifestFile = "manifest.json"): Promise<void> {
  if (models.length === 0) return;
  await appendFaultLog(dir, models);
  const counts = countFaults(await readFaultLog(dir));
  const path = join(dir, manifestFile);
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(await readFile(path, "utf8")) as Record<string, unknown>;
  } catch {
    return;
  }
  const temporary = `${path}.tmp`;
  await writeFile(temporary, `${JSON.stringify({ ...manifest, faults: counts }, null, 2)}\n`);
  await rename(temporary, path);
}
