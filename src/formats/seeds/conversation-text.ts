/** A seed's turns rendered as plain text, one `Speaker: text` line each (what the scenario prompt shows). */
export interface Turn {
  speaker: "User" | "Assistant" | "Function call" | "Function result" | "System";
  text: string;
}

/** Long tool results say little about the life situation; cut them so prompts stay small. */
const MAX_TURN_CHARACTERS = 600;

export function renderTurns(turns: Turn[]): string {
  return turns
    .filter((turn) => turn.text.trim() !== "")
    .map((turn) => `${turn.speaker}: ${clip(turn.text.trim().replace(/\s+/g, " "))}`)
    .join("\n");
}

function clip(text: string): string {
  return text.length <= MAX_TURN_CHARACTERS ? text : `${text.slice(0, MAX_TURN_CHARACTERS)}…`;
}
