import type { FunctionSpec } from "../../schema/function-spec.js";

/** The tool agent's rules: one JSON object that fits `responses`, realistic and consistent with the call. */
export const TOOL_RULES = [
  '- Reply with one JSON object and nothing else (no Markdown fences, no comments, no prose): exactly the fields listed under "responses", with the declared types (numbers as numbers, not strings).',
  "- Values must be realistic, specific and consistent with the call's arguments (dates, names, amounts, ids).",
  "- A list field (type array) holds 2 to 5 realistic items; when its items are objects, every item has every field listed in items.properties.",
  "- A nested object (type object with properties) has every listed field.",
  "- The call always succeeds.",
];

export const TOOL_EXAMPLE = [
  'A call to search_hotels with {"city": "Porto", "check_in": "2025-06-14"}, whose responses declare hotels as a list of {hotel_id, name, price_per_night}, returns:',
  '{"hotels": [{"hotel_id": "POR-1182", "name": "Hotel Infante", "price_per_night": 128}, {"hotel_id": "POR-0457", "name": "Casa da Ribeira", "price_per_night": 96}]}',
];

/** The tool agent sees one function's definition and one call — nothing of the task or dialogue. */
export function toolAgentPrompt(spec: FunctionSpec): string {
  return [
    "You simulate the backend of one function of a software system.",
    "You receive a call to the function below and return what the real system would return.",
    "Rules:",
    ...TOOL_RULES,
    "Example:",
    ...TOOL_EXAMPLE,
    "<function>",
    JSON.stringify(spec),
    "</function>",
  ].join("\n");
}

export function toolCallPrompt(name: string, args: Record<string, unknown>): string {
  return `<call>${JSON.stringify({ name, arguments: args })}</call>`;
}
