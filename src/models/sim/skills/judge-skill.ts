import { JUDGE_AXES, JUDGE_TOOL_NAME, PAIRWISE_JUDGE_TOOL_NAME, type JudgeAxis, type Judgement } from "../../../agents/judge-agent.js";
import type { TrajectoryRecord } from "../../../schema/trajectory.js";
import { trajectoryChecks } from "../../../verify/check-registry.js";
import { verifyTrajectory } from "../../../verify/verify-trajectory.js";
import { messageText, readSection, type SimSkill } from "../sim-request.js";

/** Which deterministic checks speak to which axis. */
const AXIS_CHECKS: Record<Exclude<JudgeAxis, "user_natural">, string[]> = {
  task_completed: ["final-answer", "answer-fit", "call-result-pairing", "structure", "role-order", "known-functions"],
  arguments_correct: ["arguments-valid", "known-functions", "argument-provenance", "argument-codes", "identifier-provenance", "entity-mentioned", "parallel-sanity"],
  results_faithful: ["result-consistency", "placeholder-results", "results-valid", "call-result-pairing"],
  final_answer_correct: ["final-answer", "grounding", "answer-fit"],
};

interface Finding {
  check: string;
  severity: "reject" | "warn";
  detail: string;
}

/**
 * Plays the judge honestly: it scores only what it can compute from the record in the prompt.
 * It runs the deterministic checks on the trajectory and takes 2 points off an axis for each
 * rejecting finding that bears on it and 1 for each warning (never below 1); user turns lose
 * points for tool names, JSON or repeats. Each reason names the finding behind the score. For
 * a pair it scores both and prefers the higher total (a tie when equal).
 */
export const simJudgeSkill: SimSkill = {
  name: "judge",
  matches: (request) => request.toolChoice === JUDGE_TOOL_NAME || request.toolChoice === PAIRWISE_JUDGE_TOOL_NAME,
  respond(request) {
    const prompt = request.messages.map(messageText).join("\n");
    if (request.toolChoice === PAIRWISE_JUDGE_TOOL_NAME) {
      const first = score(readRecord(readSection(prompt, "trajectory_a")));
      const second = score(readRecord(readSection(prompt, "trajectory_b")));
      const totalA = total(first);
      const totalB = total(second);
      const preferred = totalA === totalB ? "tie" : totalA > totalB ? "A" : "B";
      const loser = preferred === "A" ? second : first;
      const weakest = JUDGE_AXES.filter((axis) => loser[axis].score < 5)[0];
      const reason =
        preferred === "tie"
          ? `Both score ${totalA} of 25 on the five axes.`
          : `${preferred} scores ${Math.max(totalA, totalB)} of 25 and ${preferred === "A" ? "B" : "A"} ${Math.min(totalA, totalB)}${weakest ? `; the other's ${weakest}: ${loser[weakest].reason}` : ""}.`;
      return { content: "", toolCalls: [{ name: PAIRWISE_JUDGE_TOOL_NAME, args: { preferred, reason } }] };
    }
    return { content: "", toolCalls: [{ name: JUDGE_TOOL_NAME, args: score(readRecord(readSection(prompt, "trajectory"))) }] };
  },
};

function readRecord(text: string | undefined): TrajectoryRecord | undefined {
  if (!text) return undefined;
  try {
    const view = JSON.parse(text) as Pick<TrajectoryRecord, "tools" | "messages">;
    if (!Array.isArray(view.messages)) return undefined;
    return { id: "judged", task_id: "judged", messages: view.messages, tools: view.tools ?? [], parallel_tool_calls: true, verdicts: [], meta: {} };
  } catch {
    return undefined;
  }
}

function total(judgement: Judgement): number {
  return JUDGE_AXES.reduce((sum, axis) => sum + judgement[axis].score, 0);
}

function score(record: TrajectoryRecord | undefined): Judgement {
  if (!record) {
    const reason = "the prompt holds no readable trajectory, so nothing can be credited";
    return Object.fromEntries(JUDGE_AXES.map((axis) => [axis, { score: 1, reason }])) as Judgement;
  }
  const verification = verifyTrajectory(record, { checks: trajectoryChecks.list() });
  const findings: Finding[] = verification.verdicts
    .filter((verdict) => !verdict.ok)
    .map((verdict) => ({ check: verdict.check, severity: verdict.severity ?? "reject", detail: verdict.detail ?? verdict.check }));
  const judgement = {} as Judgement;
  for (const axis of Object.keys(AXIS_CHECKS) as Array<keyof typeof AXIS_CHECKS>) {
    const relevant = findings.filter((finding) => AXIS_CHECKS[axis].includes(finding.check));
    judgement[axis] = axisScore(relevant, `the checks find no problem bearing on ${axis.replace(/_/g, " ")}`);
  }
  judgement.user_natural = axisScore(userFindings(record), "the user turns read as a person's requests, with no tool names, JSON or repeats");
  return judgement;
}

function axisScore(findings: Finding[], clean: string): { score: number; reason: string } {
  if (findings.length === 0) return { score: 5, reason: clean };
  const penalty = findings.reduce((sum, finding) => sum + (finding.severity === "reject" ? 2 : 1), 0);
  const more = findings.length > 1 ? ` (and ${findings.length - 1} more)` : "";
  return { score: Math.max(1, 5 - penalty), reason: `${findings[0]!.check}: ${findings[0]!.detail}${more}` };
}

function userFindings(record: TrajectoryRecord): Finding[] {
  const names = record.tools.map((tool) => tool.function.name).filter((name) => name.includes("_"));
  const findings: Finding[] = [];
  let previous: string | undefined;
  record.messages.forEach((message, index) => {
    if (message.role !== "user") return;
    const text = message.content.trim();
    if (text === "") findings.push({ check: "user", severity: "reject", detail: `message ${index}: the user turn is empty` });
    const named = names.find((name) => text.includes(name));
    if (named) findings.push({ check: "user", severity: "reject", detail: `message ${index}: the user names the function '${named}'` });
    if (/\{\s*"[^"]+"\s*:/.test(text)) findings.push({ check: "user", severity: "reject", detail: `message ${index}: the user writes JSON` });
    if (previous !== undefined && text === previous) findings.push({ check: "user", severity: "warn", detail: `message ${index}: the user repeats the previous turn word for word` });
    previous = text;
  });
  return findings;
}
