import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeButtonMessages } from "../../src/formats/button-format.js";
import { resolveRoleModels } from "../../src/models/resolve-model.js";
import { runSimulation } from "../../src/run/run-simulation.js";
import type { TrajectoryRecord } from "../../src/schema/trajectory.js";
import { callsAndResults } from "../helpers/records.js";

/**
 * The offline simulator on hand-written tasks it was not developed against
 * (test/fixtures/fresh-tasks.jsonl): every record passes every check, and specific facts of
 * coherence hold — values land in the slot that means them, results agree with their calls,
 * final answers answer the question.
 */
const fixture = fileURLToPath(new URL("../fixtures/fresh-tasks.jsonl", import.meta.url));
let dir: string;
let accepted: TrajectoryRecord[];
let rejected: TrajectoryRecord[];

const read = (path: string): TrajectoryRecord[] => {
  try {
    return readFileSync(path, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line));
  } catch {
    return [];
  }
};
const record = (id: string) => {
  const found = accepted.find((entry) => entry.task_id === id);
  expect(found, `${id} was not accepted`).toBeDefined();
  return found!;
};
const calls = (id: string) => callsAndResults(record(id)) as Array<{ name: string; arguments: Record<string, unknown>; result: Record<string, unknown> }>;
const finalText = (id: string) => record(id).messages.at(-1)!.content ?? "";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "button-coherent-sim-"));
  await runSimulation({ tasks: fixture, outDir: join(dir, "run"), simulation: { models: resolveRoleModels() }, concurrency: 2, progress: false });
  accepted = read(join(dir, "run", "trajectories.jsonl"));
  rejected = read(join(dir, "run", "rejected.jsonl"));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the offline simulator on fresh hand-written tasks", () => {
  it("accepts every task whose world allows it, with no failed check", () => {
    // fr-13 asks to return "the blender", but the simulated order holds no blender: the right
    // trajectory says so instead of inventing an item id — and coverage rejects it.
    expect(rejected.map((entry) => entry.task_id)).toEqual(["fr-13-order-return"]);
    expect(accepted).toHaveLength(13);
    for (const entry of accepted) {
      const failed = entry.verdicts.filter((verdict) => !verdict.ok);
      expect(failed, `${entry.task_id}: ${JSON.stringify(failed)}`).toEqual([]);
    }
  });

  it("never invents an item id: fr-13 reports that the order holds no blender", () => {
    const returned = rejected[0]!;
    expect(callsAndResults(returned).map((call) => call.name)).toEqual(["get_order"]);
    expect(returned.messages.at(-1)!.content).toMatch(/could not start a return for the blender/);
  });

  it("puts the user's ids and names in the slots that mean them", () => {
    for (const call of calls("fr-01-library-renew")) expect(call.arguments.card_number).toBe("P0047-2291");
    const [search, book] = calls("fr-09-dermatologist");
    expect(search!.arguments).toMatchObject({ specialty: "dermatologist", city: "Leeds" });
    expect(book!.arguments).toMatchObject({ patient_name: "Harriet Cole", patient_birth_date: "1987-04-02", doctor_id: search!.result.doctor_id, date: search!.result.next_available_date });
    const vet = calls("fr-08-vet-chain").at(-1)!;
    expect(vet.arguments).toMatchObject({ pet_name: "Biscuit", owner_name: "Kemal Arslan", date: "2025-05-06" });
    expect(calls("fr-05-football-saturday")[1]!.arguments).toMatchObject({ quantity: 3, holder_name: "Dana Whitfield" });
    expect(calls("fr-04-pharmacy")[1]!.arguments).toMatchObject({ quantity: 2, prescription_number: "RX-730145" });
  });

  it("resolves a relative date once, from the date the user states", () => {
    expect(calls("fr-05-football-saturday")[0]!.arguments.date).toBe("2025-09-13");
    const dates = calls("fr-06-drier-city").map((call) => call.arguments.date);
    expect(dates).toEqual(["2025-03-22", "2025-03-22"]);
  });

  it("picks the list item the sub-task asks for", () => {
    const [list, renew] = calls("fr-01-library-renew");
    const loans = list!.result.loans as Array<{ loan_id: string; due_date: string }>;
    const soonest = [...loans].sort((left, right) => left.due_date.localeCompare(right.due_date))[0]!;
    expect(renew!.arguments.loan_id).toBe(soonest.loan_id);
    const [slots, , ] = calls("fr-08-vet-chain").slice(1);
    expect(calls("fr-08-vet-chain")[2]!.arguments.time).toBe((slots!.result.slots as string[])[0]);
  });

  it("returns results that agree with their calls", () => {
    for (const call of calls("fr-03-tides")) {
      expect(call.result.harbour).toBe(call.arguments.harbour);
      for (const time of call.result.high_tides as string[]) expect(time).toMatch(/^\d{2}:\d{2}$/);
    }
    const [translate, sms] = calls("fr-11-translate-sms");
    expect(translate!.result.translation).not.toBe(translate!.arguments.text);
    expect(String(translate!.result.translation).toLowerCase()).toContain("mesa");
    expect(sms!.arguments).toMatchObject({ phone_number: "+34 612 345 678", message: translate!.result.translation });
    expect(sms!.result.status).toBe("sent");
    const bought = calls("fr-05-football-saturday")[1]!;
    expect(bought.result.holder_name).toBe("Dana Whitfield");
    const run = calls("fr-14-running-pace")[0]!;
    const pace = (run.result.duration_minutes as number) / (run.result.distance_km as number);
    expect(pace).toBeGreaterThan(4);
    expect(pace).toBeLessThan(8);
  });

  it("answers the question asked, with the arithmetic done", () => {
    const bills = calls("fr-02-utility-average")[0]!.result.bills as Array<{ amount: number }>;
    const average = Math.round((bills.reduce((sum, bill) => sum + bill.amount, 0) / bills.length) * 100) / 100;
    expect(finalText("fr-02-utility-average")).toContain(`= ${average}`);
    const fares = calls("fr-12-ferry-compare");
    const cheaper = fares.reduce((left, right) => ((right.result.fare as number) < (left.result.fare as number) ? right : left));
    expect(finalText("fr-12-ferry-compare")).toContain(`so the answer is ${cheaper.arguments.operator}`);
    const stations = calls("fr-10-cheapest-diesel")[0]!.result.stations as Array<{ station_name: string; price_per_litre: number }>;
    const cheapest = stations.reduce((left, right) => (right.price_per_litre < left.price_per_litre ? right : left));
    expect(finalText("fr-10-cheapest-diesel")).toContain(`so the answer is ${cheapest.station_name}`);
    expect(finalText("fr-14-running-pace")).toMatch(/minutes per kilometre/);
  });

  it("writes a thought before every <call> and <final> of the BUTTON export, and <final> only last", () => {
    for (const entry of accepted) {
      const assistant = writeButtonMessages(entry).filter((message) => message.role === "assistant");
      assistant.forEach((message, index) => {
        const tag = /<(call|final)>/.exec(message.content);
        if (tag) expect(message.content.slice(0, tag.index).trim(), `${entry.task_id} turn ${index}`).not.toBe("");
        if (index < assistant.length - 1) expect(message.content).not.toContain("<final>");
      });
      expect(assistant.at(-1)!.content).toContain("<final>");
    }
  });
});
