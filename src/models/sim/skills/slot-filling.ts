import type { PropertySpec } from "../../../schema/function-spec.js";
import { normaliseType } from "../../../tools/json-type.js";
import { extractEntities, type Entity } from "./request-entities.js";

/**
 * How the simulated assistant fills a call's arguments: each value comes from an earlier result
 * or from the user's own words, never from thin air. A parameter is matched by what it means —
 * its name, its description and the words around a value in the request ("for the patient
 * Harriet Cole" fills `patient_name`, "in Leeds" fills `city`) — and values are assigned once
 * per call, best match first, so a city never lands in a specialty and a doctor's name never
 * becomes the patient's. A list result is narrowed to the one item the sub-task asks for (the
 * soonest, the cheapest, the blender). What cannot be found is reported as missing, so the
 * assistant asks instead of inventing.
 */
export interface ToolDefinition {
  name: string;
  parameters: Record<string, PropertySpec>;
  required: string[];
}

export interface DoneCall {
  name: string;
  arguments: Record<string, unknown>;
  results: unknown;
  failed?: boolean;
}

export interface FilledArguments {
  args: Record<string, unknown>;
  /** Required parameters for which nothing the assistant has seen gives a value. */
  missing: string[];
}

const GENERIC_HEADS = new Set(["id", "name", "date", "time", "number", "code", "amount", "price", "text", "type"]);

const SYNONYMS: Record<string, string[]> = {
  time: ["slot", "slots", "start", "kickoff", "departure"],
  message: ["translation", "translated", "text", "body", "summary"],
  body: ["translation", "translated", "text", "message"],
  text: ["translation", "translated", "message"],
  content: ["translation", "translated", "text"],
  amount: ["amount", "price", "total", "fare", "cost", "fee", "approved", "due"],
  total: ["amount", "total", "price", "cost", "fare", "due", "sum"],
  price: ["price", "amount", "total", "cost"],
  items: ["ingredients", "products", "entries", "items"],
  date: ["date", "day", "available"],
  quantity: ["tickets", "ticket", "packs", "pack", "units", "unit", "pieces", "items", "copies", "seats", "spots"],
  guests: ["people", "guests", "persons", "party", "diners"],
  party: ["people", "guests", "persons"],
  servings: ["servings", "portions", "people"],
  holder: ["name", "under"],
  owner: ["owner"],
  patient: ["patient"],
};

export function fillArguments(
  tool: ToolDefinition,
  userText: string,
  focus: string,
  history: DoneCall[],
  takenBySiblings: Set<string>,
): FilledArguments {
  const args: Record<string, unknown> = {};
  const missing: string[] = [];
  const ordered = [...tool.required, ...Object.keys(tool.parameters).filter((name) => !tool.required.includes(name))];
  const selections = new Map<unknown[], Record<string, unknown> | undefined>();

  // 1. Results: what earlier calls returned under the same name, ids and the chosen list item.
  for (const name of ordered) {
    const spec = tool.parameters[name] ?? { type: "string" };
    const strict = /(^|_)(id|code|number|reference|ref)$/.test(name.toLowerCase()) || FREE_TEXT.test(name.toLowerCase());
    const value = fromResults(name, spec, history, focus, selections, strict ? ["exact", "compatible"] : ["exact"]);
    if (value !== undefined) args[name] = value;
  }

  // 2. The user's words: score every (parameter, value) pair, then assign best first.
  const usedBefore = new Set(history.flatMap((call) => Object.values(call.arguments)).filter((value) => typeof value === "string") as string[]);
  const entities = extractEntities(userText);
  const pairs: Array<{ name: string; index: number; score: number }> = [];
  for (const name of ordered) {
    if (name in args) continue;
    const spec = tool.parameters[name] ?? { type: "string" };
    if (Array.isArray(spec.enum) || /(^|_)(reason|why|purpose|cause)$/.test(name.toLowerCase())) continue;
    entities.forEach((entity, index) => {
      const score = entityScore(usedBefore, name, spec, entity, userText, focus, tool.required.includes(name), takenBySiblings);
      if (score > 0) pairs.push({ name, index, score });
    });
  }
  pairs.sort((left, right) => right.score - left.score || left.index - right.index);
  const usedEntities = new Set<number>();
  for (const pair of pairs) {
    if (pair.name in args || usedEntities.has(pair.index)) continue;
    const spec = tool.parameters[pair.name] ?? { type: "string" };
    const entity = entities[pair.index]!;
    args[pair.name] = normaliseType(spec.type) === "string" ? String(entity.value) : entity.value;
    usedEntities.add(pair.index);
  }

  // 3. Results under a related name ("date" from "next_available_date") where the user gave nothing.
  for (const name of ordered) {
    if (name in args) continue;
    const spec = tool.parameters[name] ?? { type: "string" };
    const value = fromResults(name, spec, history, focus, selections, ["compatible"]);
    if (value !== undefined) args[name] = value;
  }

  // 4. Enums, free text and lists, from the request's words.
  for (const name of ordered) {
    if (name in args) continue;
    const spec = tool.parameters[name] ?? { type: "string" };
    const required = tool.required.includes(name);
    const value = fromWords(name, spec, tool, userText, focus, entities, args, required);
    if (value !== undefined) args[name] = value;
    else if (required) missing.push(name);
  }
  for (const value of Object.values(args)) if (typeof value === "string") takenBySiblings.add(value);
  return { args: Object.fromEntries(ordered.filter((name) => name in args).map((name) => [name, args[name]])), missing };
}

// ---------------------------------------------------------------- results

interface ResultField {
  key: string;
  value: unknown;
  /** The list item the field sits in, and the list, when it sits in one. */
  item?: Record<string, unknown>;
  list?: unknown[];
}

function resultFields(history: DoneCall[]): ResultField[] {
  const fields: ResultField[] = [];
  for (const call of history) {
    const visit = (value: unknown, item?: Record<string, unknown>, list?: unknown[]) => {
      if (!value || typeof value !== "object") return;
      if (Array.isArray(value)) {
        for (const entry of value) if (entry && typeof entry === "object" && !Array.isArray(entry)) visit(entry, entry as Record<string, unknown>, value);
        return;
      }
      for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
        fields.push({ key: key.toLowerCase(), value: entry, item, list });
        if (entry && typeof entry === "object") visit(entry, item, list);
      }
    };
    visit(call.results);
  }
  // Later results are fresher: look at them first.
  return fields.reverse();
}

function words(key: string): string[] {
  return key.toLowerCase().split(/[_\s-]+/).filter(Boolean);
}

/** Whether a result field means what a parameter means (same head word, no clashing qualifier). */
function fieldMatches(parameter: string, field: string): "exact" | "compatible" | undefined {
  const key = parameter.toLowerCase();
  if (key === field) return "exact";
  if (/^(new|target|to|destination|desired)_/.test(key)) return undefined;
  const parameterWords = words(key);
  const fieldWords = words(field);
  const head = parameterWords[parameterWords.length - 1]!;
  const fieldHead = fieldWords[fieldWords.length - 1]!;
  const heads = new Set([head, ...(SYNONYMS[head] ?? [])]);
  if (key === `${field}_id` || field === `${key}_id`) return "compatible";
  const headMatches = heads.has(fieldHead) || (!GENERIC_HEADS.has(head) && fieldWords.includes(head)) || fieldWords.some((word) => (SYNONYMS[head] ?? []).includes(word));
  if (!headMatches) return undefined;
  const qualifiers = parameterWords.slice(0, -1);
  const fieldQualifiers = fieldWords.filter((word) => !heads.has(word) && word !== fieldHead);
  if (qualifiers.length > 0 && fieldQualifiers.length > 0 && !qualifiers.some((word) => fieldQualifiers.includes(word))) return undefined;
  // A bare generic head ("id", "name") only takes a field with no other meaning attached.
  if (qualifiers.length === 0 && GENERIC_HEADS.has(head) && head !== "date" && head !== "time" && head !== "amount" && fieldQualifiers.length > 0) return undefined;
  return "compatible";
}

const FREE_TEXT = /(^|_)(message|body|text|content)$/;

function fromResults(
  name: string,
  spec: PropertySpec,
  history: DoneCall[],
  focus: string,
  selections: Map<unknown[], Record<string, unknown> | undefined>,
  strengths: Array<"exact" | "compatible">,
): unknown {
  const fields = resultFields(history);
  const type = normaliseType(spec.type);
  for (const strength of strengths) {
    for (const field of fields) {
      if (fieldMatches(name, field.key) !== strength) continue;
      let value = field.value;
      if (field.list && field.item) {
        const chosen = selections.has(field.list) ? selections.get(field.list) : chooseItem(field.list as Array<Record<string, unknown>>, focus);
        selections.set(field.list, chosen);
        if (!chosen || chosen !== field.item) continue;
        value = chosen[Object.keys(chosen).find((key) => key.toLowerCase() === field.key)!];
      }
      if (Array.isArray(value) && type !== "array") {
        const picked = chooseScalar(value, focus);
        if (picked !== undefined && fitsType(picked, type)) return picked;
        continue;
      }
      if (fitsType(value, type)) return value;
      if (type === "string" && typeof value === "number" && /_id$|number|code/.test(name)) return String(value);
    }
  }
  return undefined;
}

export function fitsType(value: unknown, type: string): boolean {
  if (type === "integer") return Number.isInteger(value);
  if (type === "number") return typeof value === "number";
  if (type === "boolean") return typeof value === "boolean";
  if (type === "array") return Array.isArray(value);
  if (type === "object") return typeof value === "object" && value !== null && !Array.isArray(value);
  return typeof value === "string";
}

const LOWEST = /\b(soonest|earliest|first|next|cheapest|lowest|least|fewest|nearest|closest|shortest|quickest|fastest|smallest|minimum)\b/;
const HIGHEST = /\b(latest|last|most expensive|highest|most|largest|biggest|longest|best|top|maximum|warmest)\b/;

/** The list item the sub-task asks for: named by a word, or the lowest/highest by its ordering field. */
export function chooseItem(list: Array<Record<string, unknown>>, focus: string): Record<string, unknown> | undefined {
  const lowered = focus.toLowerCase();
  const focusWords = lowered.split(/[^a-z0-9]+/).filter((word) => word.length >= 4);
  const named = list.find((item) =>
    Object.values(item).some((value) => typeof value === "string" && focusWords.some((word) => value.toLowerCase().split(/[^a-z0-9]+/).includes(word))),
  );
  if (named) return named;
  const wantsLow = LOWEST.test(lowered);
  const wantsHigh = !wantsLow && HIGHEST.test(lowered);
  if (!wantsLow && !wantsHigh) {
    // "the blender": a thing named that no item is — there is nothing to choose, so nothing is invented.
    const keys = Object.keys(list[0] ?? {}).join(" ").toLowerCase();
    const target = /\bthe ([a-z][a-z-]{3,})/.exec(lowered)?.[1];
    if (target && !keys.includes(target.replace(/s$/, "")) && !/^(one|item|result|option|same|list|order|first|last)$/.test(target)) return undefined;
    return list[0]!;
  }
  const orderingKey = orderingField(list[0]!, lowered);
  if (!orderingKey) return list[0]!;
  return list.reduce((best, item) => {
    const left = sortable(best[orderingKey]);
    const right = sortable(item[orderingKey]);
    return (wantsLow ? right < left : right > left) ? item : best;
  });
}

function orderingField(item: Record<string, unknown>, focus: string): string | undefined {
  const keys = Object.keys(item);
  const byMeaning: Array<[RegExp, RegExp]> = [
    [/soon|earl|due|date|day|latest|last|first|next/, /date|due|day|time|depart|leav|start|slot|begin/],
    [/cheap|expensive|price|cost|lowest|highest/, /price|cost|amount|fare|fee|total/],
    [/near|close|far/, /distance|km/],
    [/warm|cold|hot|temp/, /temp/],
    [/fast|quick|short|long/, /minute|duration|time/],
  ];
  for (const [focusPattern, keyPattern] of byMeaning) {
    if (focusPattern.test(focus)) {
      const key = keys.find((candidate) => keyPattern.test(candidate.toLowerCase()) && sortable(item[candidate]) !== Number.NaN);
      if (key) return key;
    }
  }
  return keys.find((key) => typeof item[key] === "number");
}

function sortable(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^\d{4}-\d{2}(-\d{2})?/.test(value)) return Date.parse(value.length === 7 ? `${value}-01` : value.slice(0, 10));
  if (typeof value === "string" && /^\d{1,2}:\d{2}$/.test(value)) {
    const [hours, minutes] = value.split(":").map(Number);
    return hours! * 60 + minutes!;
  }
  return Number.NaN;
}

function chooseScalar(list: unknown[], focus: string): unknown {
  if (list.length === 0) return undefined;
  const lowered = focus.toLowerCase();
  const sorted = [...list].sort((left, right) => sortable(left) - sortable(right));
  if (HIGHEST.test(lowered) && !LOWEST.test(lowered)) return sorted[sorted.length - 1];
  return LOWEST.test(lowered) ? sorted[0] : list[0];
}

// ---------------------------------------------------------------- the user's words

const PERSON = /(^|_)(name|patient|owner|holder|guest|person|passenger|customer|recipient|attendee|contact|author|traveller|traveler|member|driver)($|_)/;
const PLACE = /(^|_)(city|town|location|place|harbour|harbor|port|station|near|landmark|destination|origin|from|to|area|region|country|where|address|street)($|_)/;
const ORG = /(^|_)(pharmacy|operator|provider|store|shop|team|club|branch|library|supplier|company|restaurant|hotel|airline|carrier|bank|insurer|merchant|vendor|clinic|cinema|venue|gym)($|_)/;

const LEADS: Array<[RegExp, RegExp]> = [
  [PERSON, /(patient|owner name|owner|name|under|holder|for the patient|guest|passenger|customer)\s*(is\s*)?["“]?$/],
  [/(^|_)(origin|from|departure|source)($|_)/, /\bfrom\s*["“]?$/],
  [/(^|_)(destination|to|arrival)($|_)/, /\b(to|into)\s*["“]?$/],
  [/(^|_)(city|town|location|place|area|region|near|landmark|harbour|harbor|port|station)($|_)/, /\b(in|at|near|for|around)\s*["“]?$/],
  [ORG, /\b(with|at)\s*(the\s*)?["“]?$/],
];

function entityScore(
  usedBefore: Set<string>,
  name: string,
  spec: PropertySpec,
  entity: Entity,
  text: string,
  focus: string,
  required: boolean,
  takenBySiblings: Set<string>,
): number {
  const key = name.toLowerCase();
  const type = normaliseType(spec.type);
  const description = String(spec.description ?? "").toLowerCase();
  const meaning = `${key} ${description}`;
  const value = String(entity.value);
  const before = text.slice(Math.max(0, entity.start - 40), entity.start).toLowerCase();
  const after = text.slice(entity.start + value.length, entity.start + value.length + 25).toLowerCase();
  const inFocus =
    typeof entity.value === "number"
      ? new RegExp(`(^|[^\\d.])${escape(value)}([^\\d.]|$)`).test(focus) ? 2 : 0
      : focus.toLowerCase().includes(value.toLowerCase()) ? 2 : 0;
  const sibling = takenBySiblings.has(value) ? -3 : 0;
  const reused = usedBefore.has(value) ? -2 : 0;
  if (entity.kind === "reference") return 0;
  // "my shopping list called \"Weekend\"": the value names a list, so it fills only a parameter about lists.
  const named = /\b([a-z]+)\s+(?:called|named|titled)\s*["“]?$/.exec(before);
  if (named && !meaning.includes(named[1]!.replace(/s$/, ""))) return 0;
  const keyWords = words(key).filter((word) => word.length > 2);
  const cue = keyWords.filter((word) => before.includes(word.replace(/s$/, ""))).length * 2;

  if (type === "integer" || type === "number") {
    if (entity.kind !== "number") return 0;
    if (type === "integer" && !Number.isInteger(entity.value)) return 0;
    const noun = entity.noun ?? "";
    const allWords = words(key);
    const nounWords = new Set([...allWords, ...allWords.flatMap((word) => SYNONYMS[word] ?? []), ...description.split(/[^a-z]+/).filter((word) => word.length > 3)]);
    const nounHit = noun.split(/\s+/).some((word) => nounWords.has(word) || nounWords.has(word.replace(/s$/, "")) || [...nounWords].some((entry) => entry.replace(/s$/, "") === word.replace(/s$/, ""))) ? 4 : 0;
    const forGuests = /guest|people|party|persons|diners/.test(key) && /\bfor\s*$/.test(before) ? 4 : 0;
    // A bare number with no noun pointing at this parameter fills only a required one.
    if (nounHit + forGuests + cue === 0 && (!required || /\b(am|pm|mg|ml|km)\b|^[:/-]/.test(after))) return 0;
    return 1 + nounHit + forGuests + cue + inFocus;
  }
  if (type !== "string") return 0;
  const wants = (kinds: Entity["kind"][]) => kinds.includes(entity.kind);
  if (/yyyy-mm(?!-)/.test(description) || (/month|period/.test(key) && !/yyyy-mm-dd/.test(description))) {
    // A month: "August 2025" as the YYYY-MM it means.
    if (!wants(["month"])) return 0;
    return 6 + inFocus + cue;
  }
  if (/date|birth|day$|deadline/.test(key) || /yyyy-mm-dd/.test(description)) {
    if (!wants(["date"])) return 0;
    const birth = /birth|born|dob/.test(before.slice(-20));
    if (/birth|dob/.test(meaning)) return birth ? 8 : 0;
    return birth ? 0 : 3 + inFocus + cue + sibling + 3;
  }
  if (/time|hh:mm/.test(key) || /hh:mm/.test(description)) {
    if (!wants(["time"])) return 0;
    const startish = /after|from|start|at|leaving/.test(before.slice(-12));
    const endish = /\bto\s*$|until|till|-\s*$/.test(before.slice(-8));
    if (/end|until|finish|departure_time/.test(key) && !/after/.test(key)) return endish ? 6 : 1;
    if (/start|after|from|arrival/.test(key)) return startish && !endish ? 6 : endish ? 0 : 2;
    return endish ? 1 : 4 + inFocus;
  }
  if (/email/.test(meaning) || /^(to|recipient)$/.test(key)) return wants(["email"]) ? 6 + inFocus + sibling : 0;
  if (/phone|mobile|tel/.test(meaning)) return wants(["phone"]) ? 6 : 0;
  if (/strength|dose|dosage|weight|size/.test(meaning)) return wants(["measure"]) ? 6 : 0;
  if (wants(["email", "phone", "measure", "date", "month", "time", "number"])) return 0;
  const idLike = /(^|_)(id|code|number|vin|ticker|reference|ref|plate|iban|account|card|policy|claim|order|invoice|username|handle|prescription|tracking)($|_)/.test(key);
  if (idLike) {
    if (!wants(["code", "quoted"])) return 0;
    const cued = cue > 0 || keyWords.some((word) => before.slice(-30).includes(word)) ? 4 : 0;
    // An id the words do not tie to this parameter belongs to another one (an order number is not an item id).
    if (cued === 0 && inFocus === 0) return 0;
    // A code is an id; a quoted phrase with spaces is a name, not an id.
    const shape = entity.kind === "code" || (/^[\w.-]+$/.test(value) && /\d|_/.test(value)) ? 3 : -2;
    // More of the parameter's words just before the code ("the invoice number is INV-1" over "the invoice from account ACC-2") tie-break.
    return Math.max(0, 2 + cued + cue / 2 + shape + inFocus + sibling);
  }
  if (/query|keyword|search|topic|term/.test(key)) return wants(["quoted"]) ? 3 + inFocus : 0;
  if (/currency/.test(key)) {
    if (!/^[A-Z]{3}$/.test(value)) return 0;
    const into = /\b(into|to)\s*$/.test(before);
    return /target|to_|^to$|into/.test(key) ? (into ? 6 : 1) : into ? 1 : 4;
  }
  if (/language|lang$/.test(key)) return LANGUAGES.test(value) ? 6 + inFocus : 0;
  // "Greek" is a cuisine (or a nationality), never an ingredient, a city or a person.
  if (/cuisine|nationality|style|origin_country/.test(key)) return CUISINES.test(value) ? 6 + inFocus : 0;
  if (CUISINES.test(value) && /^[A-Z][a-z]+$/.test(value)) return 0;
  if (/(^|_)(text|message|body|content|sentence|phrase)$/.test(key)) return entity.kind === "quoted" ? 5 + inFocus + reused : 0;
  if (!wants(["quoted", "name", "code"])) return 0;
  if (entity.kind === "code" && !/^[A-Z][a-z]/.test(value)) return 0;
  // What the words around the value say it is.
  const personCue = LEADS[0]![1].test(before) || /\b(patient|owner|name|under|for)\s+(?:the\s+)?(?:\w+\s+)?["“]?$/.test(before.slice(-25)) && /^[A-Z][a-z]+ [A-Z][a-z]+$/.test(value);
  const placeCue = /\b(in|at|near|from|to|around|on)\s*(the\s*)?["“]?$/.test(before);
  const orgInValue = ORG.exec(key) && value.toLowerCase().includes(ORG.exec(key)![2]!) ? 5 : 0;
  const lead = LEADS.some(([parameter, words]) => parameter.test(key) && words.test(before)) ? 4 : 0;
  let score = 1 + cue + lead + orgInValue + inFocus + sibling + reused;
  if (PERSON.test(key)) {
    if (placeCue && !personCue) return 0;
    if (!personCue && entity.kind !== "quoted") score -= 2;
    // The patient is not the owner and the owner is not the pet.
    const otherRole = /(patient|owner|pet|holder|guest|doctor)\s*(name\s*)?["“]?$/.exec(before.slice(-20));
    if (otherRole && !key.includes(otherRole[1]!) && !(otherRole[1] === "holder" && /name/.test(key))) return 0;
    if (/pet|animal|dog|cat/.test(meaning) && !/(dog|cat|pet)\s*$/.test(before.slice(-10))) return 0;
  } else if (/pet|animal/.test(meaning)) {
    return /(dog|cat|pet|rabbit|puppy)\s*$/.test(before.slice(-10)) ? 8 : 0;
  } else if (PLACE.test(key)) {
    if (personCue && !placeCue) return 0;
    if (/^(patient|owner|name|under)/.test(before.slice(-12).trim().split(/\s+/).pop() ?? "")) return 0;
  } else if (ORG.test(key)) {
    if (personCue) return 0;
    if (!orgInValue && !lead) score -= 1;
  } else {
    // A parameter of some other meaning (specialty, medicine, title) takes a name only when the words point at it.
    if (personCue || (placeCue && entity.kind !== "quoted")) return 0;
    if (cue === 0 && lead === 0 && inFocus === 0 && entity.kind !== "quoted") return 0;
    if (entity.kind === "quoted") score += 1;
  }
  if (!required && cue + lead + orgInValue === 0) return 0;
  return Math.max(0, score);
}

const CUISINES = /^(Italian|Greek|Indian|Mexican|Japanese|Thai|Chinese|French|Spanish|Korean|Vietnamese|Turkish|Lebanese|Moroccan|Ethiopian|American|British|German|Portuguese|Peruvian|Brazilian|Caribbean|Middle Eastern|Mediterranean)$/;

const LANGUAGES = /\b(English|Spanish|French|German|Italian|Portuguese|Japanese|Chinese|Mandarin|Korean|Dutch|Polish|Russian|Arabic|Turkish|Swedish|Norwegian|Danish|Greek|Hindi)\b/;

const STOP = new Set([
  "use", "uses", "using", "containing", "contain", "contains", "made", "found", "recipes", "recipe", "options", "option",
  "under", "over", "below", "above", "than", "less", "more", "about", "around", "near", "within", "before", "after", "per",
  "a", "an", "the", "of", "for", "with", "to", "in", "at", "on", "from", "and", "my", "its", "it", "that", "this", "one", "them",
  "their", "his", "her", "by", "into", "any", "some", "all", "is", "are", "be", "if", "so", "then", "there", "which", "whether", "currently",
]);

function fromWords(
  name: string,
  spec: PropertySpec,
  tool: ToolDefinition,
  userText: string,
  focus: string,
  entities: Entity[],
  args: Record<string, unknown>,
  required: boolean,
): unknown {
  const key = name.toLowerCase();
  const type = normaliseType(spec.type);
  const lowerText = userText.toLowerCase();
  const lowerFocus = focus.toLowerCase();
  if (Array.isArray(spec.enum) && spec.enum.length > 0) {
    const options = spec.enum.map(String);
    const mentioned = (text: string) => options.find((option) => new RegExp(`\\b${escape(option.toLowerCase())}`).test(text));
    const found = mentioned(lowerFocus) ?? mentioned(lowerText);
    if (found !== undefined) return spec.enum[options.indexOf(found)];
    if ("default" in spec) return spec.default;
    return undefined;
  }
  if ("default" in spec && !required) return undefined;
  if (type === "array") {
    const items = (spec.items as PropertySpec | undefined) ?? { type: "string" };
    if (normaliseType(items.type) !== "string") return undefined;
    const kind: Entity["kind"] = /email|attendee|recipient|participant|invitee/.test(key) ? "email" : "quoted";
    const values = entities.filter((entity) => entity.kind === kind).map((entity) => String(entity.value));
    return values.length > 0 ? values : undefined;
  }
  if (type !== "string" || !required) return undefined;
  // Ids come from results or from codes the user gave, never from loose words.
  if (/(^|_)(id|code|number|reference|ref)$/.test(key)) return undefined;
  if (/language|lang$/.test(key)) {
    const language = LANGUAGES.exec(focus) ?? LANGUAGES.exec(userText);
    if (language) return language[0];
  }
  if (/reason|why|purpose|cause/.test(key)) {
    const because = /\b(?:because|since|as|due to)\s+([^.!?]+)/i.exec(userText);
    if (because) return because[1]!.trim().replace(/\s+(thanks|thank you).*$/i, "");
  }
  // The free words of the sub-task, once the verb and the values of other slots are gone:
  // "Find a dermatologist in Leeds" gives "dermatologist" once Leeds has gone to `city`.
  const taken = Object.values(args).filter((value) => typeof value === "string").map((value) => String(value).toLowerCase());
  const functionWords = new Set(tool.name.toLowerCase().split("_"));
  let residual = lowerFocus.replace(/["“”]/g, "");
  for (const value of taken) residual = residual.split(value.toLowerCase()).join(" | ");
  for (const entity of entities) if (entity.kind !== "name") residual = residual.split(String(entity.value).toLowerCase()).join(" | ");
  const tokens = residual.split(/\s+/);
  if (tokens.length > 0 && !tokens[0]!.includes("|")) tokens.shift();
  const runs: string[][] = [[]];
  for (const token of tokens) {
    const word = token.replace(/[^a-z0-9'-]/g, "");
    if (!word || token.includes("|") || STOP.has(word) || functionWords.has(word) || functionWords.has(word.replace(/s$/, ""))) {
      if (runs[runs.length - 1]!.length > 0) runs.push([]);
      continue;
    }
    runs[runs.length - 1]!.push(word);
  }
  const candidates = runs.filter((run) => run.length > 0).map((run) => run.join(" ")).filter((phrase) => lowerText.includes(phrase));
  if (candidates.length === 0) return undefined;
  const keyWords = words(key);
  const phrase = candidates.find((candidate) => keyWords.some((word) => candidate.includes(word))) ?? candidates[0]!;
  // Keep the user's own spelling ("Spanish", not "spanish").
  const at = lowerText.indexOf(phrase);
  return userText.slice(at, at + phrase.length);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
