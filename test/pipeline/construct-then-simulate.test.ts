import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { constructTasks } from "../../src/graphs/construct-tasks.js";
import { simulateTask } from "../../src/graphs/trajectory-graph.js";
import { resolveRoleModels } from "../../src/models/resolve-model.js";
import { taskSchema } from "../../src/schema/task.js";
import { createTrajectoryVerifier } from "../../src/verify/verify-trajectory.js";
import { sharedDatasets } from "../helpers/shared-datasets.js";

const shared = sharedDatasets(import.meta.url);

describe.skipIf(!shared.exists)("seeds → tasks → trajectories on real public samples", () => {
  for (const [name, count] of [
    ["glaive-v2", 24],
    ["toolbench", 16],
  ] as const) {
    it(`constructs tasks from ${name} that the trajectory graph turns into accepted, verified trajectories`, async () => {
      const result = await constructTasks({ seeds: join(shared.dir, name), count, seed: 5 });
      expect(result.tasks.length).toBeGreaterThan(count / 2);
      const verifier = createTrajectoryVerifier({ dedup: false });
      const models = resolveRoleModels({ seed: 5 });
      for (const task of result.tasks) {
        taskSchema.parse(task);
        const record = await simulateTask(task, { models, seed: 5 });
        expect(record.reason, task.id).toBeUndefined();
        const verification = verifier.verify(record, { task });
        expect(verification.rejections, task.id).toEqual([]);
      }
      console.log(`${name}: ${result.tasks.length} tasks, all accepted; strategies ${JSON.stringify(countBy(result.tasks.map((task) => task.strategy)))}`);
    });
  }
});

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
