import { constants } from "node:fs";
import { access, readdir, realpath, rm, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { UserError } from "../errors.js";
import { resolveRealPath } from "../util/real-path.js";

export { resolveRealPath };

/**
 * The files a run directory owns: what `construct`, `simulate`, `run` and `demo` write there.
 * No command may write one of them as an export or report, and none may read its input from one
 * it is about to append to.
 */
export const RUN_DIRECTORY_FILES = [
  "tasks.jsonl",
  "rejected_tasks.jsonl",
  "construction.json",
  "trajectories.jsonl",
  "rejected.jsonl",
  "manifest.json",
  "preferences.jsonl",
  "run.lock",
] as const;


export interface OutputFileGuard {
  /** Paths the command reads (files or directories); the output may be none of them nor inside their run files. */
  inputs?: string[];
  /** Replace an existing file (`--overwrite`). */
  overwrite?: boolean;
  /** The flag that named the output, for messages (default `--out`). */
  flag?: string;
}

/**
 * Refuse, before anything is written, an output file that would destroy data: one that exists
 * (unless `overwrite`), one that is the input or a run directory's own file, a directory, or a
 * path in a folder that cannot be written.
 */
export async function guardOutputFile(output: string, guard: OutputFileGuard = {}): Promise<void> {
  const flag = guard.flag ?? "--out";
  const target = await resolveRealPath(output);
  const info = await statOrUndefined(target);
  if (info?.isDirectory()) throw new UserError(`${flag} ${output} is a directory; give a file path`, { file: output, code: "invalid-config" });
  for (const input of guard.inputs ?? []) {
    const source = await resolveRealPath(input);
    if (source === target) {
      throw new UserError(`${flag} ${output} is also the input; writing it would destroy what is being read. Choose another ${flag} path.`, {
        file: output,
        code: "invalid-config",
      });
    }
    if ((await statOrUndefined(source))?.isDirectory() && dirname(target) === source && isRunFile(target)) {
      throw new UserError(`${flag} ${output} is one of the run directory's own files; choose a path outside it or another name.`, {
        file: output,
        code: "invalid-config",
      });
    }
  }
  if (isRunFile(target) && (await isRunDirectory(dirname(target)))) {
    throw new UserError(`${flag} ${output} is one of a run directory's own files; choose another name (e.g. button.jsonl).`, {
      file: output,
      code: "invalid-config",
    });
  }
  await assertCanCreateIn(dirname(target), output);
  if (info && !guard.overwrite) {
    throw new UserError(`${flag} ${output} already exists; pass --overwrite to replace it, or choose another path.`, {
      file: output,
      code: "invalid-config",
    });
  }
}

export interface OutputDirectoryGuard {
  /** The files in the directory this command writes; any of them already there means earlier output. */
  files: readonly string[];
  /** Paths the command reads; none may be a file this command writes. */
  inputs?: string[];
  /** Earlier output may be replaced (`--overwrite`): the caller clears it with `clearOutputFiles` once it holds the lock. */
  overwrite?: boolean;
  /** Earlier output is continued (`--resume`), not replaced. */
  resume?: boolean;
  flag?: string;
}

/**
 * Refuse, before anything is written, an output directory that would lose or corrupt data: a path
 * that is a file, a folder that cannot be written, an input among the files this command writes,
 * or earlier output (unless `resume` or `overwrite`). Returns the earlier output files found.
 */
export async function guardOutputDirectory(dir: string, guard: OutputDirectoryGuard): Promise<string[]> {
  const flag = guard.flag ?? "--out";
  if (guard.overwrite && guard.resume) {
    throw new UserError("--overwrite and --resume contradict each other: resume continues the output, overwrite replaces it. Pass one.", {
      field: "overwrite",
      code: "invalid-config",
    });
  }
  const target = await resolveRealPath(dir);
  const info = await statOrUndefined(target);
  if (info && !info.isDirectory()) {
    throw new UserError(`${flag} ${dir} is a file; a run directory is needed. Choose a folder path.`, { file: dir, code: "invalid-config" });
  }
  const written = guard.files.map((file) => join(target, file));
  for (const input of guard.inputs ?? []) {
    const source = await resolveRealPath(input);
    if (written.includes(source)) {
      throw new UserError(`the input ${input} is a file this command writes in ${dir}; copy it elsewhere first or choose another ${flag}.`, {
        file: input,
        code: "invalid-config",
      });
    }
  }
  if (info) await assertCanCreateIn(target, dir);
  else await assertCanCreateIn(dirname(target), dir);
  const existing: string[] = [];
  for (const file of written) if (await statOrUndefined(file)) existing.push(file);
  if (existing.length > 0 && !guard.overwrite && !guard.resume) {
    throw new UserError(
      `${dir} already holds output (${existing.map((file) => basename(file)).join(", ")}). ` +
        `Pass --resume to continue it, --overwrite to replace it, or choose another ${flag} directory.`,
      { file: dir, code: "invalid-config" },
    );
  }
  return existing;
}

/** Remove earlier output files (after `guardOutputDirectory` with `overwrite`, under the run lock). */
export async function clearOutputFiles(dir: string, files: readonly string[]): Promise<void> {
  await Promise.all(files.map((file) => rm(join(dir, file), { force: true, recursive: true })));
}

function isRunFile(path: string): boolean {
  return (RUN_DIRECTORY_FILES as readonly string[]).includes(basename(path));
}

async function isRunDirectory(dir: string): Promise<boolean> {
  try {
    const names = await readdir(dir);
    return names.includes("manifest.json") || names.includes("trajectories.jsonl") || names.includes("tasks.jsonl");
  } catch {
    return false;
  }
}

/** The nearest existing folder at or above `dir` must be a writable folder. */
async function assertCanCreateIn(dir: string, shown: string): Promise<void> {
  let current = dir;
  for (;;) {
    const info = await statOrUndefined(current);
    if (info) {
      if (!info.isDirectory()) {
        throw new UserError(`cannot create ${shown}: ${current} is a file, not a folder`, { file: shown, code: "invalid-config" });
      }
      try {
        await access(current, constants.W_OK);
      } catch {
        throw new UserError(`cannot write ${shown}: the folder ${current} is not writable (read-only or no permission)`, {
          file: shown,
          code: "invalid-config",
        });
      }
      return;
    }
    const parent = dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

async function statOrUndefined(path: string) {
  try {
    return await stat(path);
  } catch {
    return undefined;
  }
}
