import { redactSecrets } from "../util/secret-redaction.js";

/** ESC-introduced sequences (CSI, OSC, single-character) and other control characters but newline and tab. */
const ESCAPE_SEQUENCES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-_]?|\u009b[0-?]*[ -/]*[@-~]/g;
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Text from input files and servers, made safe to print: escape sequences in a record could
 * move the cursor, rewrite earlier lines or set the window title; secrets are redacted.
 */
export function terminalSafe(text: string): string {
  return redactSecrets(text.replace(ESCAPE_SEQUENCES, "").replace(CONTROL_CHARACTERS, "?"));
}
