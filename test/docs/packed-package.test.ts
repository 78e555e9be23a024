import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installPackedPackage, runEmbeddingProject, TYPESCRIPT_COMPILERS } from "../../examples/run-embedding.js";
import { trajectorySchema } from "../../src/schema/trajectory.js";
import { checkCodeBlocks, codeBlocks, describeProblems, documentationFiles } from "./code-blocks.js";

const repository = fileURLToPath(new URL("../..", import.meta.url));

// One `npm pack` for the whole file: packing runs the build, and two builds at once would race on dist/.
let project = "";
let tarball = "";
beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), "button-packed-"));
  tarball = await installPackedPackage(project);
  // Documented blocks read the bundled example data by the paths a clone of the repository has.
  await cp(join(repository, "examples", "tasks.jsonl"), join(project, "examples", "tasks.jsonl"));
  await cp(join(repository, "examples", "seeds"), join(project, "examples", "seeds"), { recursive: true });
}, 240_000);
afterAll(async () => {
  if (project) await rm(project, { recursive: true, force: true });
});

describe("the package as installed from its tarball", () => {
  it(
    "type-checks (strict, no skipLibCheck, TypeScript 5.9 and 7) and runs the embedding project, which imports button-synth by name",
    async () => {
      const result = await runEmbeddingProject(project, tarball);
      expect(result.tarball).toMatch(/^button-synth-\d+\.\d+\.\d+\.tgz$/);
      // tsc output is empty when the project (including its @ts-expect-error probes) type-checks.
      expect(result.typechecks.map((check) => check.compiler)).toEqual([...TYPESCRIPT_COMPILERS]);
      for (const check of result.typechecks) expect(check.output, check.compiler).toBe("");
      const records = result.stdout
        .trim()
        .split("\n")
        .map((line) => trajectorySchema.parse(JSON.parse(line)));
      expect(records.map((record) => record.task_id)).toEqual(["emb-library-room", "emb-translate"]);
      for (const record of records) {
        expect(record.reason).toBeUndefined();
        const roles = record.meta.roles as Record<string, unknown>;
        expect(roles["answer-length"]).toMatchObject({ words: expect.any(Number) });
        expect(roles.critic).toBeDefined();
      }
      expect(result.stderr).toContain("emb-library-room: accepted");
    },
    240_000,
  );

  it(
    "every TypeScript block in README.md and docs/ compiles against it and runs offline, or is a fragment of a tested example",
    async () => {
      const blocks = documentationFiles(repository).flatMap((file) => codeBlocks(file, repository));
      expect(blocks.length).toBeGreaterThan(0);
      const problems = await checkCodeBlocks(blocks, { repository, project, compilers: TYPESCRIPT_COMPILERS });
      expect(describeProblems(problems)).toBe("");
    },
    600_000,
  );

  it(
    "the doc-test step fails on a planted broken block, a fragment of a missing example and a fragment that drifted from its example",
    async () => {
      const folder = await mkdtemp(join(tmpdir(), "button-planted-docs-"));
      try {
        const markdown = join(folder, "planted.md");
        await writeFile(
          markdown,
          [
            "# Planted",
            "",
            "```ts",
            'import { simulateTask } from "button-synth";',
            "const record = await simulateTask(task, { model: \"sim\" });",
            "console.log(record.id);",
            "```",
            "",
            "```ts",
            "// fragment of examples/no-such-example.ts",
            "const x = 1;",
            "```",
            "",
            "```ts",
            "// fragment of examples/critic-role.ts",
            "const lineThatIsNotInTheExample = 42;",
            "```",
            "",
          ].join("\n"),
        );
        const blocks = codeBlocks(markdown, repository);
        expect(blocks.map((block) => block.line)).toEqual([4, 10, 15]);
        const problems = await checkCodeBlocks(blocks, { repository, project, compilers: ["typescript"], execute: false });
        const report = describeProblems(problems);
        expect(report).toMatch(/planted\.md:4: line 5: .*Cannot find name 'task'/);
        expect(report).toMatch(/planted\.md:10: names examples\/no-such-example\.ts, which does not exist/);
        expect(report).toMatch(/planted\.md:15: has lines that are not in examples\/critic-role\.ts: "const lineThatIsNotInTheExample = 42;"/);
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    },
    240_000,
  );
});
