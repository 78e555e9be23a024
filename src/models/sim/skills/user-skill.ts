import { readSection, type SimSkill } from "../sim-request.js";
import { heldBackAnswer } from "./negative-behaviour.js";

const OPENINGS = [
  (task: string) => `Hi! Could you help me with something? ${task}`,
  (task: string) => `Hello, I need a hand with this: ${task} Thanks!`,
  (task: string) => `${task} Can you take care of that for me?`,
  (task: string) => `Hey there. ${task} Much appreciated.`,
];

/**
 * Plays the user agent: turns the task in `<your_task>` into a first-person request, and
 * answers a clarifying question by restating the task's facts (it never invents new ones).
 * A `<persona>` section changes the tone: "terse" drops the pleasantries, "vague" leaves
 * the details out of the first message so the assistant has to ask.
 */
export const simUserSkill: SimSkill = {
  name: "user",
  matches: (request) => request.tools.length === 0 && readSection(request.system, "your_task") !== undefined,
  respond(request) {
    const task = firstPerson(readSection(request.system, "your_task")!);
    const persona = (readSection(request.system, "persona") ?? "").toLowerCase();
    const alreadySpoke = request.messages.some((message) => message.getType() === "ai");
    // Asked something, the user restates what the task says; it has no other facts to give.
    const heldBack = alreadySpoke ? heldBackAnswer(request) : undefined;
    if (heldBack) return { content: heldBack };
    if (alreadySpoke) return { content: `${persona.includes("terse") ? "" : "Sure. "}Here are the details: ${task}` };
    if (persona.includes("vague")) return { content: vagueVersion(task) };
    if (persona.includes("terse")) return { content: task };
    if (persona.includes("non-native")) return { content: `Hello, please I need help. ${task} Thank you very much.` };
    return { content: request.random.pick(OPENINGS, "opening", task)(task) };
  },
};

/** "Find the author of X" reads more like a person as "I'd like to find the author of X". */
function firstPerson(task: string): string {
  const trimmed = task.trim();
  // Only an instruction ("Find …") is rephrased; "Today is …" or "My card …" already reads as a person's words.
  if (!IMPERATIVE.test(trimmed)) return trimmed;
  return `I'd like to ${trimmed.charAt(0).toLowerCase()}${trimmed.slice(1)}`;
}

const IMPERATIVE =
  /^(find|get|check|look|book|search|send|calculate|convert|compare|translate|list|track|schedule|reserve|renew|buy|order|pay|place|identify|set|work|tell|show|give|make|create|add|start|request|email|text|remind|cancel|update|plan|locate|fetch|retrieve|compute|estimate|determine)\b/i;

function vagueVersion(task: string): string {
  const words = task.split(/\s+/).slice(0, 4).join(" ");
  return `${words.replace(/[.,;:]$/, "")}… can you help?`;
}
