/**
 * Secrets must never reach a file or a log: a server may echo the API key in its error body, and
 * that text ends up in rejected.jsonl, the manifest and the terminal. Redaction replaces the key
 * values found in the environment, bearer tokens, `sk-…` keys and URL credentials.
 */
const SECRET_NAME = /(API_?KEY|TOKEN|SECRET|PASSWORD)$/i;
// Shapes of real credentials: long, with a digit, so prose ("Bearer instruments", "sk-learn") is left alone.
const PATTERNS: RegExp[] = [
  /\b(Bearer|Basic)\s+(?=[A-Za-z0-9._~+/=-]*\d)[A-Za-z0-9._~+/=-]{16,}/g,
  /\bsk-(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{16,}/g,
  // user:password@ in a URL
  /(?<=\/\/)[^/\s:@"']+:[^/\s@"']+(?=@)/g,
];
export const REDACTED = "[REDACTED]";
/** Shorter values ("not-needed", "anything") are placeholders, and redacting them would corrupt data. */
const MIN_SECRET_LENGTH = 16;

const extraSecrets = new Set<string>();

/** Also redact this value (a key given in code rather than the environment). */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= MIN_SECRET_LENGTH) extraSecrets.add(value);
}

/** The secret values to look for: keys from the environment and registered ones, longest first. */
function secretValues(): string[] {
  const values = new Set(extraSecrets);
  for (const [name, value] of Object.entries(process.env)) {
    if (value && value.length >= MIN_SECRET_LENGTH && SECRET_NAME.test(name)) values.add(value);
  }
  return [...values].sort((a, b) => b.length - a.length);
}

/** `text` with every secret replaced by [REDACTED]. */
export function redactSecrets(text: string): string {
  return redactWith(text, secretValues());
}

function redactWith(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const value of secrets) {
    if (result.includes(value)) result = result.split(value).join(REDACTED);
  }
  for (const pattern of PATTERNS) {
    result = result.replace(pattern, (match) => (match.startsWith("Bearer") || match.startsWith("Basic") ? `${match.split(/\s+/)[0]} ${REDACTED}` : REDACTED));
  }
  return result;
}

/** A JSON value with every string redacted (keys kept), for records and manifests. */
export function redactValue<T>(value: T): T {
  // Reading the environment is the costly part: once per value, not once per string in it.
  return redactValueWith(value, secretValues());
}

function redactValueWith<T>(value: T, secrets: readonly string[]): T {
  if (typeof value === "string") return redactWith(value, secrets) as T;
  if (Array.isArray(value)) return value.map((item) => redactValueWith(item, secrets)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactValueWith(item, secrets)])) as T;
  }
  return value;
}
