/**
 * Semantic checks and a judge on records you already have: verify each record of a JSONL file
 * with every built-in check (provenance of argument values, results consistent with calls,
 * grounded answers, placeholders), then let a judge model score the ones that pass.
 *
 *   npx tsx examples/judge-and-checks.ts [FILE] [--judge sim|openai:<name>]
 *
 * Prints one line per record on stdout: {id, accepted, rejections, judge_score, judge_reason}.
 * Runs offline on the simulator's judge by default. In your own project, import from "button-synth".
 */
import { readRecords, resolveModel, judgeTrajectory, verifyTrajectory, rejectionReason } from "../src/index.js";

const args = process.argv.slice(2);
const file = args.find((arg) => !arg.startsWith("--")) ?? "test/fixtures/false-records/false-records.jsonl";
const judgeAt = args.indexOf("--judge");
const judge = resolveModel(judgeAt >= 0 ? args[judgeAt + 1] : "sim");

for await (const entry of readRecords(file)) {
  if (!entry.record) continue;
  // The deterministic checks first: they are free and name the message, call and field.
  const verification = verifyTrajectory(entry.record);
  // The judge scores every record here, for comparison; in a run it only sees those the checks accept.
  const judged = await judgeTrajectory(entry.record, { model: judge, threshold: 4 });
  const meta = judged.record.meta.judge as { score: number } | undefined;
  const line = {
    id: entry.record.id,
    accepted: verification.accepted && judged.accepted,
    rejections: rejectionReason(verification) ?? null,
    judge_score: meta?.score ?? null,
    judge_reason: judged.reason ?? null,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
