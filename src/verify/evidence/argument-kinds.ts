import type { PropertySpec } from "../../schema/function-spec.js";
import type { TrajectoryRecord } from "../../schema/trajectory.js";
import { callTurns, functionSpecs, parseArguments } from "../record-view.js";
import { parseDateValue } from "./date-expressions.js";

/** How a parameter's value is judged, read from its name, schema and value. */

/** Parameters whose value the assistant writes in its own words (a message body, a query, a summary). */
const FREE_TEXT_NAME =
  /(^|_)(message|messages|body|content|text|query|q|search|search_term|keyword|keywords|summary|description|note|notes|comment|comments|subject|title|prompt|reason|instruction|instructions|review|feedback|question|caption|bio|details|request|purpose|topic|input|sentence|phrase|term|terms|context|goal|task|memo|answer|reply|response|post|tweet|status_update|headline|agenda|story|code|script|expression|formula|equation)$/i;

export function isFreeTextParameter(name: string, spec: PropertySpec | undefined, value: string): boolean {
  const words = value.trim().split(/\s+/).length;
  if (FREE_TEXT_NAME.test(name)) return true;
  if (spec?.description && /\b(free[- ]?text|message|body|query|search terms?|keywords?|summary|description)\b/i.test(spec.description) && !/\bid\b/i.test(name)) {
    return true;
  }
  return words >= 6;
}

/** Parameter names that hold identifiers. */
const IDENTIFIER_NAME =
  /(^id$|_id$|[a-z]Id$|_ids$|[a-z]Ids$|^ids$|_number$|^number$|_no$|_code$|^code$|reference|_ref$|^ref$|confirmation|tracking|sku|isbn|serial|_key$|^key$|_token$|_uuid$|^uuid$|handle|username|user_name|account)/i;

/** Values that read as identifiers: letters and digits mixed with no spaces, or long digit runs. */
const IDENTIFIER_VALUE = /^(?=[^\s]*\d)(?=[^\s]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9_\-:.#/]{3,}$/;

export function isIdentifier(name: string, value: unknown): boolean {
  if (typeof value !== "string" && typeof value !== "number") return false;
  const text = String(value).trim();
  if (text.length < 3 || /\s/.test(text) || parseDateValue(text) || /^\d{1,2}:\d{2}/.test(text)) return false;
  // Plain numbers are amounts unless the parameter names an identifier.
  if (/^-?\d+(\.\d+)?$/.test(text) && !IDENTIFIER_NAME.test(name)) return false;
  if (/^[\w.+-]+@[\w-]+\.[\w.]+$/.test(text)) return true;
  return IDENTIFIER_NAME.test(name) ? /\d|_/.test(text) || text.length >= 6 : IDENTIFIER_VALUE.test(text);
}

/** Parameters that name an entity: a place, a person, an organisation, a product. */
const ENTITY_NAME =
  /(^|_)(city|town|location|destination|origin|country|place|address|venue|airport|station|region|state|neighbourhood|neighborhood|name|first_name|last_name|full_name|person|author|artist|singer|band|actor|director|company|brand|product|product_name|item|hotel|restaurant|team|player|doctor|patient|recipient|contact|attendee|guest|landmark|attraction|museum|park|store|shop|school|university|movie|film|book|song|album|game|club|stadium)$/i;

export function isEntityParameter(name: string): boolean {
  return ENTITY_NAME.test(name) && !/(file|function|field|table|column|tool|event|variable|class|method|package|user_?name|host|domain|key)_?name$/i.test(name);
}

/** A value that reads as a proper name: it starts with a capital letter and is not all capitals shorter than 4 (codes). */
export function looksLikeProperName(value: string): boolean {
  const text = value.trim();
  return /^\p{Lu}/u.test(text) && text.length >= 3 && !/^\p{Lu}{1,3}$/u.test(text) && !/^\p{Lu}+\d/u.test(text);
}

/** One argument value at a path inside one call. */
export interface ArgumentLeaf {
  /** Index of the assistant message in `record.messages`. */
  messageIndex: number;
  callId: string;
  functionName: string;
  /** The top-level parameter name. */
  parameter: string;
  /** Where the value sits, e.g. `passengers[0].first_name`. */
  path: string;
  /** The innermost key (or the parameter name for list items of scalars). */
  key: string;
  value: string | number | boolean;
  spec?: PropertySpec;
}

/** Every scalar argument value of every call, with where it sits and its parameter's spec. */
export function argumentLeaves(record: TrajectoryRecord): ArgumentLeaf[] {
  const specs = functionSpecs(record);
  const leaves: ArgumentLeaf[] = [];
  for (const turn of callTurns(record)) {
    for (const call of turn.calls) {
      const parsed = parseArguments(call.function.arguments);
      if ("problem" in parsed) continue;
      const spec = specs.get(call.function.name);
      for (const [parameter, value] of Object.entries(parsed.value)) {
        const visit = (inner: unknown, path: string, key: string) => {
          if (Array.isArray(inner)) inner.forEach((item, position) => visit(item, `${path}[${position}]`, key));
          else if (inner && typeof inner === "object") for (const [field, item] of Object.entries(inner)) visit(item, `${path}.${field}`, field);
          else if (typeof inner === "string" || typeof inner === "number" || typeof inner === "boolean") {
            leaves.push({ messageIndex: turn.index, callId: call.id, functionName: call.function.name, parameter, path, key, value: inner, spec: spec?.parameters[parameter] });
          }
        };
        visit(value, parameter, parameter);
      }
    }
  }
  return leaves;
}

/**
 * A short code — a ticker, a locale, an interval, a category word with no enum declared
 * ("AAPL", "en", "1d", "stock") — or a coordinate: values a model derives with world knowledge
 * the checks do not have. They are judged by the warn-level `argument-codes` check.
 */
export function isCode(name: string, value: string | number): boolean {
  if (typeof value === "number") return /^(lat|lon|lng|latitude|longitude)$/i.test(name);
  const text = value.trim();
  return text.length <= 12 && /^[A-Za-z0-9.]+$/.test(text) && (text === text.toLowerCase() || text === text.toUpperCase() || /^(true|false)$/i.test(text));
}

/** Whether the parameter's own description mentions the value (as a choice or an example). */
export function describedBySchema(spec: PropertySpec | undefined, value: unknown): boolean {
  const description = spec?.description ?? "";
  const text = String(value).trim().toLowerCase();
  if (!description || text.length < 2 || text.length > 40) return false;
  return wholeWordPattern(text).test(description);
}

/** Compiling a Unicode pattern costs more than matching it; both provenance checks ask for the same values. */
const wholeWordPatterns = new Map<string, RegExp>();

function wholeWordPattern(text: string): RegExp {
  let pattern = wholeWordPatterns.get(text);
  if (!pattern) {
    if (wholeWordPatterns.size >= 4096) wholeWordPatterns.clear();
    pattern = new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(text)}($|[^\\p{L}\\p{N}])`, "iu");
    wholeWordPatterns.set(text, pattern);
  }
  return pattern;
}

/** Whether the value is one the schema offers (an enum member, the default, a const). */
export function offeredBySchema(spec: PropertySpec | undefined, value: unknown): boolean {
  if (!spec) return false;
  const offered: unknown[] = [...(spec.enum ?? [])];
  if ("default" in spec) offered.push(spec.default);
  if ("const" in spec) offered.push(spec.const);
  const items = spec.items as PropertySpec | undefined;
  if (items?.enum) offered.push(...items.enum);
  if (items && "default" in items) offered.push(items.default);
  const text = String(value).toLowerCase();
  if (offered.some((entry) => String(entry).toLowerCase() === text)) return true;
  // A description that lists the choices ("one of: economy, business") offers them too; an
  // example ("e.g. Lisbon") does not.
  const description = (spec.description ?? "").replace(/\b(e\.g\.|for example|such as|like)[^.;]*/gi, " ");
  return (
    typeof value === "string" &&
    value.length <= 30 &&
    /\b(one of|either|options?|allowed|possible values|choices?|can be|must be|supported|valid values)\b/i.test(description) &&
    new RegExp(`["'\`(,:/ ]${escapeRegExp(text)}["'\`),./ ]`, "i").test(` ${description} `)
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
