/** The manifest keeps the first warnings only: a bad input of a million lines must not make it huge. */
export const MAX_WARNINGS = 100;

/** The warnings of a run, capped at `MAX_WARNINGS`; `add` is bound, so it can be handed around. */
export class RunWarnings {
  readonly list: string[];

  constructor(initial: readonly string[] = []) {
    this.list = initial.slice(0, MAX_WARNINGS);
  }

  readonly add = (text: string): void => {
    if (this.list.length < MAX_WARNINGS) this.list.push(text);
  };
}
