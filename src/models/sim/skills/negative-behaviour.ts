import type { BaseMessage } from "@langchain/core/messages";
import { messageText, readSection, type SimReply, type SimRequest, type SimToolCall } from "../sim-request.js";

/**
 * How the simulated assistant and user behave when the right move is not a call: the assistant
 * asks for a required value that nobody stated, calls nothing for a sub-task that no offered
 * function serves, and says plainly what it could not do; the user answers a question from the
 * detail it holds back and knows nothing more. Everything here reads only what a real model
 * receives: the briefing, the bound tools, the conversation.
 */

interface BriefedSubtask {
  id: string;
  text: string;
  functions: string[];
  unserved?: boolean;
}

interface MadeCall {
  name: string;
  arguments: Record<string, unknown>;
  results: unknown;
}

interface RequiredParameters {
  required: string[];
}

/**
 * Before making `calls`: the question to ask instead, when the sub-task speaks of a required
 * argument's thing only indefinitely ("from a certain date", "for some city"), or the request does
 * and the value picked holds nothing the user or a result gave: the request refers to a value it
 * does not state.
 * (Where the request does state it and the value was just not picked up, asking would be wrong.)
 * Asked once per parameter: after the user has answered, the assistant goes on with what it has.
 */
export function askForMissingValue(
  calls: SimToolCall[],
  tools: Map<string, RequiredParameters>,
  conversation: { userText: string; history: MadeCall[]; messages: BaseMessage[] },
  subtaskOf: (call: SimToolCall) => string | undefined,
): SimReply | undefined {
  const known = [conversation.userText.toLowerCase(), ...conversation.history.map((call) => JSON.stringify(call.results).toLowerCase())];
  const askedBefore = conversation.messages
    .filter((message) => message.getType() === "ai" && messageText(message).trim().endsWith("?"))
    .map((message) => messageText(message).toLowerCase());
  for (const call of calls) {
    for (const name of tools.get(call.name)?.required ?? []) {
      const value = call.args[name];
      if (typeof value !== "string" && typeof value !== "number") continue;
      const what = words(name);
      const purpose = subtaskOf(call);
      // The step itself speaks of "a certain <thing>": whatever was picked up is not the value meant.
      const unstated = refersIndefinitely(purpose ?? "", what) || (typeof value === "number" && /\ba certain (?:number|amount) of\b/i.test(purpose ?? ""));
      const unknown = !known.some((text) => text.includes(String(value).toLowerCase()));
      if (!unstated && !(unknown && refersIndefinitely(conversation.userText, what))) continue;
      if (askedBefore.some((question) => question.includes(what))) continue;
      return { content: `Before I start, I need one detail you haven't given me: which ${what} should I use${purpose ? ` to ${lowerFirst(stripStop(purpose))}` : ""}?` };
    }
  }
  return undefined;
}

/** The sub-tasks the briefing marks as impossible with the offered functions. */
export function unservedSubtasks(subtasks: BriefedSubtask[]): BriefedSubtask[] {
  return subtasks.filter((subtask) => subtask.unserved === true);
}

/**
 * The final answer once nothing more can be called, when some sub-tasks cannot be done: the
 * normal answer for what was done (made from the served sub-tasks only, so it claims nothing
 * about the rest), followed by what cannot be done and why. With nothing done at all, only the
 * apology. Returns `reply` unchanged when every sub-task was served.
 */
export function withUnservedParts(reply: SimReply, subtasks: BriefedSubtask[], history: MadeCall[], native: boolean): SimReply {
  const unserved = unservedSubtasks(subtasks);
  if (unserved.length === 0) return reply;
  const cannot = unserved.map((subtask) => `- I can't ${lowerFirst(stripStop(subtask.text))}: none of the tools I have can do that.`);
  const answer =
    history.length === 0
      ? ["I'm sorry, I can't do this with the tools available to me.", ...cannot, "I have not done any of it; you may need a different service for this."].join("\n")
      : [finalText(reply, native), "", "What I could not do:", ...cannot].join("\n");
  const thought =
    history.length === 0
      ? "None of the functions I have fits this request, so I will not call any and will tell the user what I cannot do."
      : "I have done what the functions allow; the rest cannot be done with them, so I will say so.";
  return native ? { content: answer } : { content: `${thought}\n<final>${answer}</final>` };
}

/** The served sub-tasks only, so the normal final answer reasons about nothing it could not do. */
export function servedSubtasks<T extends BriefedSubtask>(subtasks: T[]): T[] {
  return subtasks.filter((subtask) => subtask.unserved !== true);
}

/**
 * The simulated user's reply to a question when the system prompt holds a `<held_back>` detail:
 * the detail, the first time; afterwards, that it knows nothing else. Undefined without one.
 */
export function heldBackAnswer(request: SimRequest): string | undefined {
  const held = readSection(request.system, "held_back");
  if (!held) return undefined;
  const colon = held.indexOf(":");
  const label = colon > 0 ? held.slice(0, colon).trim() : "it";
  const value = colon > 0 ? held.slice(colon + 1).trim() : held;
  // From the user's side, its own earlier messages are the model's ("ai") turns.
  const alreadyGiven = request.messages.some((message) => message.getType() === "ai" && messageText(message).includes(value));
  if (alreadyGiven) return "Sorry, I don't know anything else beyond what I've already told you.";
  return `${upperFirst(label)} is ${value}, and that's all I know about it.`;
}

/** "a certain check in date", "some city", "a particular company name": the thing named, its value not given. */
function refersIndefinitely(text: string, what: string): boolean {
  const lowered = text.toLowerCase().replace(/[_-]+/g, " ");
  const last = what.split(" ").pop() ?? what;
  return new RegExp(`\\b(?:a certain|a particular|some|an unspecified)\\s+(?:[a-z]+\\s+){0,3}${last}\\b`).test(lowered);
}

function finalText(reply: SimReply, native: boolean): string {
  if (native) return reply.content;
  const start = reply.content.indexOf("<final>");
  const end = reply.content.lastIndexOf("</final>");
  return start >= 0 && end > start ? reply.content.slice(start + "<final>".length, end) : reply.content;
}

function words(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ").toLowerCase().trim();
}

function stripStop(text: string): string {
  return text.trim().replace(/[.!?]+$/, "");
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
