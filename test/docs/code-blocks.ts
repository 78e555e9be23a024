/**
 * The doc-test step: every TypeScript block in the README and in docs/ is either a complete
 * program, type-checked against the packed package and run offline on the simulator, or a
 * fragment whose first line names the tested example it comes from
 * (`// fragment of examples/<file>.ts`) and whose lines appear in that file. So a documented
 * example cannot rot without a test failing.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface CodeBlock {
  /** The markdown file, relative to the repository. */
  file: string;
  /** 1-based line of the block's first code line in the markdown file. */
  line: number;
  code: string;
  /** `examples/<file>.ts` when the block is marked as a fragment of it. */
  fragmentOf?: string;
}

export interface BlockProblem {
  block: CodeBlock;
  problem: string;
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/;
const FRAGMENT = /^\/\/ fragment of (examples\/[\w./-]+\.ts)\s*$/;
const TYPESCRIPT = new Set(["ts", "typescript", "tsx", "mts"]);

/** The TypeScript blocks of one markdown file. */
export function codeBlocks(markdownPath: string, repository: string): CodeBlock[] {
  const lines = readFileSync(markdownPath, "utf8").split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    const open = FENCE.exec(lines[index]!);
    if (!open) continue;
    const [, indent, fence, language] = open;
    const body: string[] = [];
    let end = index + 1;
    while (end < lines.length && !lines[end]!.trimStart().startsWith(fence!)) body.push(lines[end++]!.slice(indent!.length));
    if (TYPESCRIPT.has(language!.toLowerCase())) {
      const fragment = FRAGMENT.exec(body[0]?.trim() ?? "");
      blocks.push({ file: relative(repository, markdownPath), line: index + 2, code: body.join("\n") + "\n", ...(fragment ? { fragmentOf: fragment[1] } : {}) });
    }
    index = end;
  }
  return blocks;
}

/** README.md and every markdown file under docs/. */
export function documentationFiles(repository: string): string[] {
  const files = [join(repository, "README.md")];
  const walk = (folder: string): void => {
    if (!existsSync(folder)) return;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".md")) files.push(path);
    }
  };
  walk(join(repository, "docs"));
  return files;
}

/**
 * Some test outside test/docs/ imports `examples/<file>` or runs it by name (`runExample("<file>")`);
 * test/docs/ is left out so that the doc-test's own fixtures do not count.
 */
function isTested(example: string, repository: string): boolean {
  const stem = basename(example, ".ts").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`examples/${stem}(\\.js|\\.ts)?["'\`]|runExample\\(\\s*["'\`]${stem}["'\`]`);
  const walk = (folder: string): boolean =>
    readdirSync(folder, { withFileTypes: true }).some((entry) => {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) return path !== join(repository, "test", "docs") && walk(path);
      return entry.name.endsWith(".ts") && pattern.test(readFileSync(path, "utf8"));
    });
  return walk(join(repository, "test"));
}

const normalise = (line: string): string => line.trim().replace(/\s+/g, " ");

/** A fragment must come from an example that exists, is run by a test, and still holds its lines. */
export function checkFragment(block: CodeBlock, repository: string): string | undefined {
  const example = join(repository, block.fragmentOf!);
  if (!existsSync(example)) return `names ${block.fragmentOf}, which does not exist`;
  if (!isTested(block.fragmentOf!, repository)) return `names ${block.fragmentOf}, which no test under test/ runs`;
  const source = new Set(readFileSync(example, "utf8").split(/\r?\n/).map(normalise));
  const missing = block.code
    .split("\n")
    .slice(1)
    .map(normalise)
    .filter((line) => line !== "" && !/^\/\/ (…|\.\.\.)/.test(line) && !source.has(line));
  if (missing.length > 0) return `has lines that are not in ${block.fragmentOf}: ${missing.slice(0, 3).map((line) => JSON.stringify(line)).join(", ")}`;
  return undefined;
}

function blockFileName(block: CodeBlock): string {
  return `${block.file.replace(/[^\w]+/g, "-")}-L${block.line}.ts`;
}

export interface CheckSettings {
  repository: string;
  /** A project folder with the packed package installed (see examples/run-embedding.ts). */
  project: string;
  /** Compilers by package folder under the repository's node_modules, e.g. ["typescript", "typescript7"]. */
  compilers: readonly string[];
  /** Run each complete block with tsx after it type-checks (default true). */
  execute?: boolean;
}

/**
 * Check every block: fragments against their example, complete programs by `tsc --noEmit`
 * (strict, no skipLibCheck) under each compiler and then by running them offline.
 */
export async function checkCodeBlocks(blocks: CodeBlock[], settings: CheckSettings): Promise<BlockProblem[]> {
  const problems: BlockProblem[] = [];
  const complete = blocks.filter((block) => {
    if (block.fragmentOf === undefined) return true;
    const problem = checkFragment(block, settings.repository);
    if (problem) problems.push({ block, problem });
    return false;
  });
  if (complete.length === 0) return problems;
  const folder = join(settings.project, "doc-blocks");
  await mkdir(folder, { recursive: true });
  const byFile = new Map<string, CodeBlock>();
  for (const block of complete) {
    const name = blockFileName(block);
    byFile.set(name, block);
    // `export {}` keeps each block a module of its own, as a user's file would be.
    await writeFile(join(folder, name), `${block.code}\nexport {};\n`);
  }
  await writeFile(
    join(folder, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true }, include: ["*.ts"] }, null, 2),
  );
  const failedToCompile = new Set<string>();
  for (const compiler of settings.compilers) {
    const output = await run(process.execPath, [join(settings.repository, "node_modules", compiler, "bin/tsc"), "--noEmit", "-p", "tsconfig.json"], { cwd: folder, maxBuffer: 16 * 1024 * 1024 }).then(
      () => "",
      (error: { stdout?: string; message: string }) => error.stdout || error.message,
    );
    for (const line of output.split("\n")) {
      const match = /^([\w.-]+\.ts)\((\d+),(\d+)\): (.*)$/.exec(line.trim());
      if (!match) continue;
      const block = byFile.get(match[1]!);
      if (!block) continue;
      failedToCompile.add(match[1]!);
      problems.push({ block, problem: `line ${block.line + Number(match[2]) - 1}: ${match[4]} (${compiler})` });
    }
    if (output && ![...byFile.keys()].some((name) => output.includes(name))) {
      problems.push({ block: complete[0]!, problem: `tsc (${compiler}) failed outside the blocks: ${output.slice(0, 400)}` });
    }
  }
  if (settings.execute === false) return problems;
  const environment = { ...process.env };
  for (const key of Object.keys(environment)) if (key.startsWith("OPENAI_") || key.startsWith("LANGSMITH_") || key.startsWith("LANGCHAIN_")) delete environment[key];
  for (const [name, block] of byFile) {
    if (failedToCompile.has(name)) continue;
    await run(process.execPath, [join(settings.repository, "node_modules/tsx/dist/cli.mjs"), join("doc-blocks", name)], {
      cwd: settings.project,
      env: environment,
      timeout: 120_000,
      maxBuffer: 64 * 1024 * 1024,
    }).catch((error: { stderr?: string; message: string }) => {
      const detail = (error.stderr || error.message).trim().split("\n").slice(-4).join(" | ");
      problems.push({ block, problem: `fails when run: ${detail}` });
    });
  }
  return problems;
}

export function describeProblems(problems: BlockProblem[]): string {
  return problems.map(({ block, problem }) => `${block.file}:${block.line}: ${problem}`).join("\n");
}
