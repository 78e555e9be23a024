/** What the assistant did on one turn, independent of the protocol it used to say it. */
export type AssistantTurn =
  | { kind: "calls"; thought: string; calls: ParsedCall[] }
  | { kind: "final"; thought: string; answer: string }
  | { kind: "question"; text: string };

export interface ParsedCall {
  name: string;
  /** As the model wrote them: a JSON object, or JSON text still to parse. */
  arguments: unknown;
}
