import type { SchemaElement } from "hyparquet";
import { parquetWriteBuffer } from "hyparquet-writer";
import { writeFile } from "node:fs/promises";

/**
 * Parquet with nested columns, as Hugging Face `datasets` (pyarrow) loads them: a list of
 * messages is a standard three-level LIST of structs, so `load_dataset("parquet", …)` gives the
 * same `messages` / `conversations` rows as the JSONL. The schema is inferred from the records:
 * - a field that holds objects is a struct of the union of their keys (every field optional);
 * - a field that holds lists is a LIST of its items' type;
 * - `tools` (free-form JSON schemas, different per record) and any field whose values disagree
 *   in kind are stored as JSON text, the way LLaMA-Factory's ShareGPT already stores `tools`.
 */
export type Shape =
  | { kind: "string" }
  | { kind: "boolean" }
  | { kind: "integer" }
  | { kind: "double" }
  | { kind: "json" }
  | { kind: "list"; item: Shape | undefined }
  | { kind: "struct"; fields: Map<string, Shape | undefined> };

/** Fields kept as JSON text whatever they hold: their inner keys differ from record to record. */
const JSON_TEXT_FIELDS = new Set(["tools", "arguments", "parameters", "meta"]);

export function inferParquetSchema(records: ReadonlyArray<Record<string, unknown>>): { schema: SchemaElement[]; columns: Map<string, Shape | undefined> } {
  const columns = new Map<string, Shape | undefined>();
  for (const record of records) for (const [key, value] of Object.entries(record)) columns.set(key, merge(columns.get(key), shapeOf(value, key)));
  const schema: SchemaElement[] = [{ name: "root", num_children: columns.size }];
  for (const [name, shape] of columns) schema.push(...schemaElements(name, shape));
  return { schema, columns };
}

function shapeOf(value: unknown, key: string): Shape | undefined {
  if (value === null || value === undefined) return undefined;
  if (JSON_TEXT_FIELDS.has(key) && typeof value !== "string") return { kind: "json" };
  if (typeof value === "string") return { kind: "string" };
  if (typeof value === "boolean") return { kind: "boolean" };
  if (typeof value === "number") return Number.isInteger(value) ? { kind: "integer" } : { kind: "double" };
  if (Array.isArray(value)) {
    let item: Shape | undefined;
    for (const entry of value) item = merge(item, shapeOf(entry, ""));
    return { kind: "list", item };
  }
  if (typeof value === "object") {
    const fields = new Map<string, Shape | undefined>();
    for (const [childKey, child] of Object.entries(value)) fields.set(childKey, shapeOf(child, childKey));
    return { kind: "struct", fields };
  }
  return { kind: "json" };
}

function merge(left: Shape | undefined, right: Shape | undefined): Shape | undefined {
  if (!left) return right;
  if (!right) return left;
  if (left.kind === "json" || right.kind === "json") return { kind: "json" };
  if ((left.kind === "integer" && right.kind === "double") || (left.kind === "double" && right.kind === "integer")) return { kind: "double" };
  if (left.kind !== right.kind) return { kind: "json" };
  if (left.kind === "list" && right.kind === "list") return { kind: "list", item: merge(left.item, right.item) };
  if (left.kind === "struct" && right.kind === "struct") {
    const fields = new Map(left.fields);
    for (const [key, shape] of right.fields) fields.set(key, merge(fields.get(key), shape));
    return { kind: "struct", fields };
  }
  return left;
}

function schemaElements(name: string, shape: Shape | undefined): SchemaElement[] {
  const optional = "OPTIONAL" as const;
  switch (shape?.kind) {
    case undefined:
    case "string":
      return [{ name, type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: optional }];
    case "json":
      return [{ name, type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: optional }];
    case "boolean":
      return [{ name, type: "BOOLEAN", repetition_type: optional }];
    case "integer":
      return [{ name, type: "INT64", repetition_type: optional }];
    case "double":
      return [{ name, type: "DOUBLE", repetition_type: optional }];
    case "list":
      return [
        { name, repetition_type: optional, converted_type: "LIST", num_children: 1 },
        { name: "list", repetition_type: "REPEATED", num_children: 1 },
        ...schemaElements("element", shape.item),
      ];
    case "struct":
      return [
        { name, repetition_type: optional, num_children: shape.fields.size },
        ...[...shape.fields].flatMap(([field, child]) => schemaElements(field, child)),
      ];
  }
}

/** Turn a value into what the inferred column holds: JSON text, bigint for INT64, nested the same way. */
function columnValue(value: unknown, shape: Shape | undefined): unknown {
  if (value === null || value === undefined) return null;
  switch (shape?.kind) {
    case undefined:
      return null;
    case "json":
      return typeof value === "string" ? value : JSON.stringify(value);
    case "integer":
      return BigInt(value as number);
    case "list":
      return (value as unknown[]).map((entry) => columnValue(entry, shape.item));
    case "struct": {
      const out: Record<string, unknown> = {};
      for (const [field, child] of shape.fields) out[field] = columnValue((value as Record<string, unknown>)[field], child);
      return out;
    }
    default:
      return value;
  }
}

/** Encode records as one Parquet file (Snappy-compressed) in memory. */
export function encodeParquet(records: ReadonlyArray<Record<string, unknown>>): ArrayBuffer {
  const { schema, columns } = inferParquetSchema(records);
  return parquetWriteBuffer({
    schema,
    columnData: [...columns].map(([name, shape]) => ({ name, data: records.map((record) => columnValue(record[name], shape)) as never })),
    createdBy: "button-synth",
  });
}

export async function writeParquetFile(path: string, records: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  await writeFile(path, new Uint8Array(encodeParquet(records)));
}
