import { argumentLeaves } from "../evidence/argument-kinds.js";
import { normalText, stem } from "../evidence/text-matching.js";
import { functionSpecs } from "../record-view.js";
import type { CheckFinding, TrajectoryCheck } from "../trajectory-check.js";
import { where } from "./argument-provenance-check.js";

/**
 * A value the user introduced as the name of a thing ("my shopping list called "Weekend"", "a
 * playlist named Road Trip") belongs to a parameter about that thing. Argument provenance
 * cannot see this fault — the value did come from the user — but `find_recipe{"dish":
 * "Weekend"}` is still wrong: the word names a list, not a dish. The thing's word must appear in
 * the parameter's name or description, or in the function's name or description, unless the
 * parameter is a slot for a name of any kind (`name`, `title`, `file_name`).
 */
export const namedValueSlotCheck: TrajectoryCheck = {
  name: "named-value-slot",
  description: "a value the user gave as a thing's name ('a list called X') fills a parameter about that thing",
  defaultSeverity: "reject",
  run(record) {
    const findings: CheckFinding[] = [];
    const specs = functionSpecs(record);
    const userTurns = record.messages.flatMap((message, index) => (message.role === "user" && typeof message.content === "string" ? [{ index, text: message.content }] : []));
    if (userTurns.length === 0) return findings;
    for (const leaf of argumentLeaves(record)) {
      if (typeof leaf.value !== "string" || leaf.value.trim().length < 2) continue;
      const said = userTurns.filter((turn) => turn.index < leaf.messageIndex).map((turn) => turn.text).join("\n");
      const thing = namedThing(said, leaf.value);
      if (!thing) continue;
      // A slot for a name of any kind ("name", "title", "file_name") takes any named thing: only a slot that means something else is at fault.
      if (GENERIC_NAME.test(leaf.key.toLowerCase())) continue;
      const spec = specs.get(leaf.functionName);
      const about = normalText(
        [leaf.path, leaf.key, leaf.spec?.description ?? "", leaf.functionName, spec?.description ?? ""].join(" "),
      ).split(" ");
      if (about.some((word) => word.replace(/s$/, "") === thing || (thing.length > 5 && stem(word) === stem(thing)))) continue;
      findings.push({ detail: `${where(leaf)}: '${leaf.value}' is what the user called their ${thing}, but nothing in this parameter or function is about a ${thing}` });
    }
    return findings;
  },
};

const GENERIC_NAME = /(^|_)(name|title|label|file|filename|path|handle)$/;

/** The thing the user named `value` ("list" in `list called "Weekend"`), when they did. */
function namedThing(text: string, value: string): string | undefined {
  const quoted = value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`\\b([A-Za-z]{3,})\\s+(?:called|named|titled)\\s+["“'‘]?${quoted}(?=["”'’]|[\\s.,;:!?]|$)`, "i");
  const match = pattern.exec(text);
  if (!match) return undefined;
  const thing = match[1]!.toLowerCase();
  // "one called X", "something named X": no thing is named.
  return /^(one|something|someone|thing|that|this|it|which|who|also|is|was|are|were|be)$/.test(thing) ? undefined : thing.replace(/s$/, "");
}
