/**
 * Try the embedding example exactly as a user of the published package would, offline:
 * `npm pack` this repository, set up examples/embedding as a separate project in a temp
 * folder with the tarball unpacked as `node_modules/button-synth`, type-check it, and run it.
 *
 *   npx tsx examples/run-embedding.ts [--keep]
 *
 * The package's own dependencies are linked from this repository's node_modules instead of
 * being downloaded, so no network is needed. Prints the project's output (one trajectory
 * record per line); with --keep, leaves the temp project in place and prints its path.
 */
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, rename, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const repository = fileURLToPath(new URL("..", import.meta.url));
const exampleFolder = fileURLToPath(new URL("./embedding/", import.meta.url));

/** The compilers the packed package must type-check under: devDependencies `typescript` (5.9) and `typescript7`. */
export const TYPESCRIPT_COMPILERS = ["typescript", "typescript7"] as const;

export interface PackedEmbeddingRun {
  /** The temp project (removed unless `keep`). */
  project: string;
  /** The tarball's file name, e.g. `button-synth-0.1.0.tgz`. */
  tarball: string;
  /**
   * Output of `tsc --noEmit` in the project (empty when it passes), strict and without
   * skipLibCheck, once per TypeScript compiler: the pinned 5.9 and the current major (7).
   */
  typechecks: Array<{ compiler: string; output: string }>;
  stdout: string;
  stderr: string;
}

/**
 * `npm pack` this repository into `project` and install the tarball there as
 * `node_modules/button-synth`, with the package's own dependencies linked from this repository's
 * node_modules (no network). Returns the tarball's file name.
 */
export async function installPackedPackage(project: string): Promise<string> {
  // `npm pack` runs the `prepack` build, so the tarball holds a fresh dist/.
  // On Windows npm is a .cmd script, which only runs through a shell.
  const windows = process.platform === "win32";
  const packed = await run(windows ? "npm.cmd" : "npm", ["pack", "--json", "--pack-destination", project], {
    cwd: repository,
    maxBuffer: 16 * 1024 * 1024,
    shell: windows,
  });
  const tarball = (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0]!.filename;
  const modules = join(project, "node_modules");
  await mkdir(modules, { recursive: true });
  for (const entry of await readdir(join(repository, "node_modules"))) {
    if (entry.startsWith(".")) continue;
    // Junctions need no privileges on Windows; elsewhere the type is ignored.
    await symlink(join(repository, "node_modules", entry), join(modules, entry), "junction");
  }
  await run("tar", ["-xzf", join(project, tarball), "-C", project]);
  await rename(join(project, "package"), join(modules, "button-synth"));
  return tarball;
}

export async function runPackedEmbedding(settings: { keep?: boolean } = {}): Promise<PackedEmbeddingRun> {
  const project = await mkdtemp(join(tmpdir(), "button-embedding-"));
  try {
    const tarball = await installPackedPackage(project);
    return await runEmbeddingProject(project, tarball);
  } finally {
    if (!settings.keep) await rm(project, { recursive: true, force: true });
  }
}

/** Copy examples/embedding into a project that has the packed package installed, type-check it and run it. */
export async function runEmbeddingProject(project: string, tarball: string): Promise<PackedEmbeddingRun> {
  for (const file of ["package.json", "tsconfig.json", "main.ts", "type-checks.ts", "tasks.jsonl"]) {
    await cp(join(exampleFolder, file), join(project, file));
  }
  const typechecks: PackedEmbeddingRun["typechecks"] = [];
  for (const compiler of TYPESCRIPT_COMPILERS) {
    const output = await run(process.execPath, [join(repository, "node_modules", compiler, "bin/tsc"), "--noEmit", "-p", "tsconfig.json"], { cwd: project }).then(
      (result) => result.stdout,
      (error: { stdout?: string; message: string }) => error.stdout || error.message,
    );
    typechecks.push({ compiler, output });
  }
  const output = await run(process.execPath, [join(repository, "node_modules/tsx/dist/cli.mjs"), "main.ts"], { cwd: project, maxBuffer: 64 * 1024 * 1024 });
  return { project, tarball, typechecks, stdout: output.stdout, stderr: output.stderr };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runPackedEmbedding({ keep: process.argv.includes("--keep") });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  const failed = result.typechecks.filter((check) => check.output !== "");
  for (const check of result.typechecks) {
    process.stderr.write(check.output ? `type-check failed with ${check.compiler}:\n${check.output}\n` : `type-check passed with ${check.compiler} (${result.tarball})\n`);
  }
  if (process.argv.includes("--keep")) process.stderr.write(`project kept at ${result.project}\n`);
  if (failed.length > 0) process.exitCode = 1;
}
