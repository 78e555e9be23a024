import { UserError } from "../../errors.js";

/** Where a run's queue lives: a Redis server and a queue name on it. */
export interface QueueAddress {
  host: string;
  port: number;
  /** The Redis logical database (`?db=N`, default 0). */
  db: number;
  username?: string;
  password?: string;
  tls: boolean;
  /** The queue name: every key of the run starts with `button:<name>:`. */
  name: string;
  /** The address without the password, for messages and the manifest. */
  text: string;
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

/**
 * Parse `redis://[user:password@]host[:port]/NAME[?db=N]` (or `rediss://` for TLS). The path is
 * the queue name, not a database number as in plain Redis URLs, because one Redis usually holds
 * many runs; pick the database with `?db=N`.
 */
export function parseQueueAddress(text: string): QueueAddress {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserError(`--queue '${text}' is not a URL; write it as redis://HOST:PORT/NAME`, { field: "queue", code: "invalid-config" });
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") {
    throw new UserError(`--queue must start with redis:// or rediss://, got '${url.protocol}//'; write it as redis://HOST:PORT/NAME`, {
      field: "queue",
      code: "invalid-config",
    });
  }
  const name = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (!NAME_PATTERN.test(name)) {
    throw new UserError(
      `--queue needs a queue name after the port (redis://HOST:PORT/NAME) made of letters, digits, '_', '.' or '-'; got '${name}'`,
      { field: "queue", code: "invalid-config" },
    );
  }
  const dbText = url.searchParams.get("db") ?? "0";
  const db = Number(dbText);
  if (!Number.isInteger(db) || db < 0) {
    throw new UserError(`--queue ?db= must be a whole number, got '${dbText}'`, { field: "queue", code: "invalid-config" });
  }
  const port = url.port ? Number(url.port) : 6379;
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1") || "127.0.0.1";
  const shown = `${url.protocol}//${url.username ? `${decodeURIComponent(url.username)}@` : ""}${url.host || host}/${name}${db ? `?db=${db}` : ""}`;
  return {
    host,
    port,
    db,
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    tls: url.protocol === "rediss:",
    name,
    text: shown,
  };
}
