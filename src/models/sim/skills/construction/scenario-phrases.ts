import { LIFE_DOMAINS, type LifeDomain } from "./life-domains.js";

/** Qualifiers that turn one scenario into a different one ("… on a tight budget"). */
const QUALIFIERS = ["", "on a tight budget", "for a large group", "at short notice", "with young children"];
const MAX_WORDS = 10;

/** Every scenario phrase of a domain: action + subject (+ qualifier), at most ten words. */
export function scenarioPhrases(domain: LifeDomain): string[] {
  const phrases: string[] = [];
  for (const qualifier of QUALIFIERS) {
    for (const subject of domain.subjects) {
      for (const action of domain.actions) {
        const phrase = [action, subject, qualifier].filter(Boolean).join(" ");
        if (phrase.split(/\s+/).length <= MAX_WORDS) phrases.push(phrase);
      }
    }
  }
  return phrases;
}

export function basicScenarioPhrases(domain: LifeDomain): string[] {
  return domain.subjects.flatMap((subject) => domain.actions.map((action) => `${action} ${subject}`));
}

export function allDomains(): LifeDomain[] {
  return LIFE_DOMAINS;
}
