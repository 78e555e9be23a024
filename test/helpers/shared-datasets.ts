import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * `../shared/datasets` beside the repository, resolved from a test file in `test/<dir>/`
 * (the repository root is two levels above it). Tests that need it skip when it is absent.
 */
export function sharedDatasets(testFileUrl: string): { dir: string; exists: boolean } {
  const root = resolve(dirname(fileURLToPath(testFileUrl)), "..", "..");
  const dir = resolve(root, "..", "shared", "datasets");
  const exists = existsSync(dir);
  if (!exists) console.warn(`[skip] ${dir} is absent: tests on real public datasets are skipped. Put the shared datasets folder beside the repository (../shared/datasets) to run them.`);
  return { dir, exists };
}

export function fixturePath(testFileUrl: string, ...parts: string[]): string {
  return resolve(dirname(fileURLToPath(testFileUrl)), "..", "fixtures", ...parts);
}
