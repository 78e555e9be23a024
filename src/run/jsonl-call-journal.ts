import { appendFileSync, existsSync } from "node:fs";
import { AIMessage } from "@langchain/core/messages";
import type { CallJournal, ModelReply } from "../llm/model-call.js";
import { readJsonlSync } from "../util/jsonl-reader.js";

/** One answered request as a line of the journal file. */
interface JournalLine {
  key: string;
  content: AIMessage["content"];
  tool_calls?: Array<{ id?: string; name: string; args: Record<string, unknown> }>;
  usage: { prompt: number; completion: number };
}

/**
 * A call journal kept as JSONL beside the run's output (`construction-journal.jsonl`): one
 * line per answered request, appended synchronously as the answer arrives, so a SIGKILL loses
 * at most the answer being written (a torn last line is ignored on reading).
 */
export class JsonlCallJournal implements CallJournal {
  private readonly answers = new Map<string, ModelReply>();
  /** Answers taken from the file instead of the model in this session. */
  replayed = 0;
  /** Answers appended in this session. */
  recorded = 0;

  constructor(readonly file: string) {
    if (!existsSync(file)) return;
    for (const entry of readJsonlSync(file)) {
      // A line torn by a crash (or unreadable): that request is simply asked again.
      if (entry.error) continue;
      const line = entry.value as JournalLine;
      try {
        this.answers.set(line.key, {
          message: new AIMessage({ content: line.content, tool_calls: line.tool_calls?.map((call) => ({ ...call, type: "tool_call" as const })) ?? [] }),
          usage: line.usage,
        });
      } catch {
        // A line that parses but is not a journal answer (a hand edit): asked again too.
      }
    }
  }

  /** Requests answered in earlier sessions. */
  get size(): number {
    return this.answers.size;
  }

  replay(key: string): ModelReply | undefined {
    const answer = this.answers.get(key);
    if (answer) this.replayed++;
    return answer;
  }

  record(key: string, reply: ModelReply): void {
    if (this.answers.has(key)) return;
    this.answers.set(key, reply);
    const line: JournalLine = {
      key,
      content: reply.message.content,
      ...(reply.message.tool_calls?.length ? { tool_calls: reply.message.tool_calls.map(({ id, name, args }) => ({ id, name, args })) } : {}),
      usage: reply.usage,
    };
    appendFileSync(this.file, `${JSON.stringify(line)}\n`);
    this.recorded++;
  }
}
