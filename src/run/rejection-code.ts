/**
 * The code of a rejection reason: the word before its first colon (`unknown-function`,
 * `turn-limit`, `verification`, `transport`, `invalid-input`, …). The manifest counts
 * rejections by code, not by their free text, so the counts group and stay small; a
 * verification failure keeps the first failed check (`verification:arguments-valid`).
 */
export function rejectionCode(reason: string | undefined): string {
  if (!reason) return "unknown";
  const [head, rest] = splitOnce(reason);
  if (!/^[a-z][a-z0-9_-]*$/.test(head)) return "other";
  if (head === "verification" && rest !== undefined) {
    const [check] = splitOnce(rest.trim());
    if (/^[a-z][a-z0-9_-]*$/.test(check)) return `verification:${check}`;
  }
  return head;
}

function splitOnce(text: string): [string, string | undefined] {
  const index = text.indexOf(":");
  return index < 0 ? [text.trim(), undefined] : [text.slice(0, index).trim(), text.slice(index + 1)];
}
