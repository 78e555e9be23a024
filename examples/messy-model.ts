/**
 * Prove a pipeline on the faults real models make, offline: every role plays on the messy
 * simulator, which spoils 30% of its replies (fenced or broken JSON, numbers as strings, a
 * missing argument, an unknown function, no thought, a premature or padded answer, a refusal,
 * a user naming a function…). Parser repairs, corrective retries and turn checks clean them
 * up or reject the task; the fault audit shows that no accepted record still carries a fault.
 *
 *   npx tsx examples/messy-model.ts
 *
 * Prints one trajectory record per line (JSONL) on stdout and the fault table on stderr.
 * In your own project, import from "button-synth".
 */
import { readFileSync } from "node:fs";
import { faultOutcomes, formatFaultTable, MessySimChatModel, parseTask, simulateTask } from "../src/index.js";

const tasks = readFileSync(new URL("./tasks.jsonl", import.meta.url), "utf8")
  .trim()
  .split("\n")
  .map((line) => parseTask(JSON.parse(line)));

const model = new MessySimChatModel({ seed: 7, rate: 0.3 });
const records = [];
for (const task of tasks) {
  const record = await simulateTask(task, { models: { user: model, assistant: model, tool: model }, seed: 7 });
  records.push(record);
  console.log(JSON.stringify(record));
}
const accepted = records.filter((record) => record.reason === undefined);
const rejected = records.filter((record) => record.reason !== undefined);
console.error(formatFaultTable(faultOutcomes(model.faults, accepted, rejected)));
console.error(`${accepted.length}/${records.length} accepted`);
