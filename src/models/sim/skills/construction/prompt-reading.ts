import { messageText, readSection, type SimRequest } from "../../sim-request.js";

/** The stage prompt: the first user message (later ones are corrective feedback). */
export function stagePrompt(request: SimRequest): string {
  const first = request.messages.find((message) => message.getType() === "human");
  return first ? messageText(first) : "";
}

export function section(request: SimRequest, tag: string): string | undefined {
  return readSection(stagePrompt(request), tag);
}

/** A JSON section of the prompt, or undefined when absent or not JSON. */
export function jsonSection<T>(request: SimRequest, tag: string): T | undefined {
  const text = section(request, tag);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** `maxItems` of an array property of the forced tool's schema, read as a real model would read it. */
export function arrayLimit(request: SimRequest, property: string): number | undefined {
  const tool = request.tools.find((candidate) => candidate.function.name === request.toolChoice);
  const properties = (tool?.function.parameters as { properties?: Record<string, { maxItems?: number }> } | undefined)?.properties;
  return properties?.[property]?.maxItems;
}

/** Lines of a `- item` list section. */
export function listSection(request: SimRequest, tag: string): string[] {
  return (section(request, tag) ?? "")
    .split("\n")
    .map((line) => line.replace(/^\s*-\s*/, "").trim())
    .filter(Boolean);
}
