import { describe, expect, it } from "vitest";
import { runPackedEmbedding } from "../../examples/run-embedding.js";
import { trajectorySchema } from "../../src/schema/trajectory.js";

describe("the package as installed from its tarball", () => {
  it(
    "type-checks and runs the embedding project, which imports button-synth by name and prints its records",
    async () => {
      const result = await runPackedEmbedding();
      expect(result.tarball).toMatch(/^button-synth-\d+\.\d+\.\d+\.tgz$/);
      // tsc output is empty when the project (including its @ts-expect-error probes) type-checks.
      expect(result.typecheck).toBe("");
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
    180_000,
  );
});
