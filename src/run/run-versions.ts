import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const TRACKED = ["@langchain/core", "@langchain/langgraph", "@langchain/openai", "zod"];

/** Versions that shape the output, recorded in the manifest so runs can be compared. */
export function runVersions(): Record<string, string> {
  const versions: Record<string, string> = { node: process.versions.node };
  const own = ownPackage();
  if (own) versions[own.name] = own.version;
  const require = createRequire(import.meta.url);
  for (const name of TRACKED) {
    try {
      versions[name] = (require(`${name}/package.json`) as { version: string }).version;
    } catch {
      // A package that hides its package.json is simply not listed.
    }
  }
  return versions;
}

function ownPackage(): { name: string; version: string } | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 5; depth++) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      if (manifest.name && manifest.version) return { name: manifest.name, version: manifest.version };
    } catch {
      // keep walking up
    }
    dir = dirname(dir);
  }
  return undefined;
}
