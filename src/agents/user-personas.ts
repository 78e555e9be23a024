/**
 * A way of talking that the user agent adopts for a whole dialogue. The description goes
 * into the user agent's `<persona>` section; it changes tone and phrasing, never the facts.
 */
export interface UserPersona {
  /** A short id, recorded in the trajectory's `meta.roles.user.persona`. */
  name: string;
  /** Second-person instructions for the user agent. */
  description: string;
}

/** Writes short, clipped messages; still gives every detail. */
export const tersePersona: UserPersona = {
  name: "terse",
  description: [
    "You are terse: you write the shortest message that still works.",
    "No greeting, no thanks, no explanations of why you want it — but every name, date, place and amount the task needs is there, exactly as given.",
  ].join("\n"),
};

/** Leaves the details out at first, so the assistant has to ask; then gives them all. */
export const vaguePersona: UserPersona = {
  name: "vague",
  description: [
    "You are vague at first: your first message only says roughly what you want, in a few words, without the specific names, dates, places or amounts.",
    "When the assistant asks for details, answer with all of them at once, exactly as the task states them.",
  ].join("\n"),
};

/** Writes understandable but unidiomatic English; keeps every fact exact. */
export const nonNativePersona: UserPersona = {
  name: "non-native",
  description: [
    "You are a non-native English speaker: your English is clear enough but a little unidiomatic — simple grammar, the odd wrong preposition, some overly formal politeness.",
    "Keep every name, date, number and quoted title exactly as the task gives it.",
  ].join("\n"),
};

/** The built-in personas, in a fixed order (the per-task choice depends on it). */
export const BUILT_IN_PERSONAS: readonly UserPersona[] = [tersePersona, vaguePersona, nonNativePersona];
