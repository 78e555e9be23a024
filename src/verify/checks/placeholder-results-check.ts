import { callTurns, describeCall, parseArguments, parseJsonOrText } from "../record-view.js";
import { isToolErrorResult } from "../../tools/tool-error-result.js";
import { normalText } from "../evidence/text-matching.js";
import type { CheckFinding, TrajectoryCheck } from "../trajectory-check.js";

/** Whole values that are a template's stand-in, not data. */
const CANNED_VALUE =
  /^(string|str|text|number|integer|int|float|boolean|bool|object|array|value|placeholder|dummy|sample|example|lorem ipsum.*|lorem|ipsum|foo|bar|baz|foobar|xxx+|tbd|todo|to be determined|insert .+ here|your .+ here|<[a-z_ ]+>|\{\{?\s*[a-z_]+\s*\}\}?|\[[a-z _]+\])$/i;
/** Phrases that mark a value as a stand-in wherever they occur. */
const CANNED_PHRASE = /\b(lorem ipsum|placeholder|dummy (?:value|data|text)|sample (?:value|data|text)|example (?:value|data|text)|pending [a-z]+ (?:text|result|value|data|output))\b/i;
/** Words a filler value is made of, besides the words of its own field and function name. */
const FILLER_WORDS = new Set(
  "pending confirmed available processed completed complete done ok okay success successful valid value values result results request response data text for the of a an your here generated sample example status info information details item items entry".split(
    " ",
  ),
);
/** Fields whose value is a status word by design ("confirmed", "available"). */
const STATUS_FIELD = /(status|state|message|result|availability|outcome|error|note)$/i;

/**
 * Tool results hold data, not a template's stand-ins: "string", "example", "lorem ipsum",
 * "pending translated text for the request", or filler made only of the field's own name and
 * status words (`"tide_times": ["tide confirmed", "tide available"]`). Fields that are statuses
 * by design may say "confirmed".
 */
export const placeholderResultsCheck: TrajectoryCheck = {
  name: "placeholder-results",
  description: "tool results hold real values, not placeholders or canned filler",
  defaultSeverity: "reject",
  run(record) {
    const findings: CheckFinding[] = [];
    for (const turn of callTurns(record)) {
      for (const call of turn.calls) {
        const result = turn.results.find((message) => message.tool_call_id === call.id);
        if (!result || isToolErrorResult(result.content)) continue;
        const parsed = parseArguments(call.function.arguments);
        const argumentValues = new Set("value" in parsed ? Object.values(parsed.value).map((value) => String(value).toLowerCase()) : []);
        const index = record.messages.indexOf(result);
        const visit = (value: unknown, path: string, key: string) => {
          if (Array.isArray(value)) value.forEach((item, position) => visit(item, `${path}[${position}]`, key));
          else if (value && typeof value === "object") for (const [field, item] of Object.entries(value)) visit(item, path ? `${path}.${field}` : field, field);
          else if (typeof value === "string") {
            const reason = cannedReason(value, key, call.function.name, argumentValues);
            if (reason) findings.push({ detail: `message ${index}, result of ${describeCall(call)}, field '${path || "(whole result)"}': ${reason}` });
          }
        };
        visit(parseJsonOrText(result.content), "", "");
      }
    }
    return findings;
  },
};

function cannedReason(value: string, key: string, functionName: string, argumentValues: Set<string>): string | undefined {
  const text = value.trim();
  if (text === "" || argumentValues.has(text.toLowerCase())) return undefined;
  if (CANNED_VALUE.test(text)) return `'${text}' is a placeholder, not a value`;
  if (CANNED_PHRASE.test(text)) return `'${shorten(text)}' is canned placeholder text`;
  if (!key || STATUS_FIELD.test(key)) return undefined;
  const own = new Set(normalText(`${key} ${functionName}`).split(" ").filter((word) => word.length >= 3));
  const words = normalText(text).split(" ").filter(Boolean);
  if (words.length < 2 || words.length > 8) return undefined;
  const fromName = words.filter((word) => own.has(word) || own.has(word.replace(/s$/, "")));
  const filler = words.filter((word) => FILLER_WORDS.has(word));
  if (fromName.length > 0 && filler.length > 0 && fromName.length + filler.length === words.length) {
    return `'${text}' is filler made of the field's own name and status words`;
  }
  return undefined;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
