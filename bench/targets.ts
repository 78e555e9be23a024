/**
 * Issue 15's targets read against the figures of one `npm run bench` run, so RESULTS.md says
 * met or missed, and by how much, from the run it describes rather than from a note written by
 * hand after an earlier one.
 */

export interface LatencyFigure {
  driver: "runSimulation" | "naive graph.batch";
  inFlight: number;
  latencyMs: number;
  efficiency: number;
  steadyEfficiency?: number;
  cpuMsPerCall: number;
  peakRssMb: number;
}

export interface BenchFigures {
  latency: LatencyFigure[];
  /** LangGraph's own CPU per step of a do-nothing graph, at 1 and 256 in flight. */
  floorMsPerStep: number[];
  /**
   * Our CPU per model call in-process (each call is one graph step), when measured: the
   * simulator's own work and the checks are in it, so it bounds the framework's overhead from above.
   */
  frameworkMsPerStep?: number;
  /** Peak RSS of the streaming memory checks, by task count. */
  memory: Array<{ tasks: number; peakRssMb: number; heapAfterGcMb: number }>;
}

export interface TargetRow {
  target: string;
  measured: string;
  met: boolean | undefined;
}

const fixed = (value: number, digits = 2) => value.toFixed(digits);

/** One row per target of the issue; `met` is undefined where the run did not measure it. */
export function readTargets(figures: BenchFigures): TargetRow[] {
  const ours = figures.latency.filter((figure) => figure.driver === "runSimulation");
  const at = (inFlight: number) => ours.find((figure) => figure.inFlight === inFlight);
  const efficiencyOf = (figure: LatencyFigure) => figure.steadyEfficiency ?? figure.efficiency;
  const rows: TargetRow[] = [];

  const c256 = at(256);
  rows.push({
    target: "efficiency ≥ 0.9 at C = 256",
    measured: c256 ? `${fixed(efficiencyOf(c256))} steady (${fixed(c256.efficiency)} over the whole run) at L = ${c256.latencyMs} ms` : "not measured",
    met: c256 ? efficiencyOf(c256) >= 0.9 : undefined,
  });
  const c1000 = at(1000);
  rows.push({
    target: "efficiency ≥ 0.85 with 1,000 in flight at L = 1 s",
    measured: c1000 ? `${fixed(efficiencyOf(c1000))} steady (${fixed(c1000.efficiency)} over the whole run) at L = ${c1000.latencyMs} ms` : "not measured",
    met: c1000 && c1000.latencyMs >= 1000 ? efficiencyOf(c1000) >= 0.85 : undefined,
  });
  const busy = ours.filter((figure) => figure.inFlight >= 256);
  const cpuPerCall = busy.length > 0 ? Math.max(...busy.map((figure) => figure.cpuMsPerCall)) : undefined;
  rows.push({
    target: "CPU per model call over HTTP ≤ 2 ms",
    measured: cpuPerCall === undefined ? "not measured" : `${fixed(cpuPerCall)} ms at C ≥ 256 (the most of those rows)`,
    met: cpuPerCall === undefined ? undefined : cpuPerCall <= 2,
  });
  const floor = figures.floorMsPerStep.length > 0 ? Math.max(...figures.floorMsPerStep) : undefined;
  rows.push({
    target: "framework overhead ≤ 1.5× LangGraph's floor",
    measured:
      floor === undefined || figures.frameworkMsPerStep === undefined
        ? "not measured"
        : `${fixed(figures.frameworkMsPerStep, 3)} ms per step in-process (the simulator and checks included) against LangGraph's ${fixed(floor, 3)} ms: ${fixed(figures.frameworkMsPerStep / floor, 1)}×`,
    met: floor === undefined || figures.frameworkMsPerStep === undefined ? undefined : figures.frameworkMsPerStep <= 1.5 * floor,
  });
  const largest = [...figures.memory].sort((left, right) => right.tasks - left.tasks)[0];
  const smallest = [...figures.memory].sort((left, right) => left.tasks - right.tasks)[0];
  const rssAtC1000 = c1000?.peakRssMb;
  const memoryParts = [
    ...figures.memory.map((entry) => `${entry.tasks.toLocaleString("en")} tasks: ${entry.peakRssMb.toFixed(0)} MB peak, ${entry.heapAfterGcMb.toFixed(1)} MB heap after GC`),
    ...(rssAtC1000 !== undefined ? [`C = 1,000: ${rssAtC1000.toFixed(0)} MB`] : []),
  ];
  const peaks = [...figures.memory.map((entry) => entry.peakRssMb), ...(rssAtC1000 !== undefined ? [rssAtC1000] : [])];
  const flat = largest && smallest && largest !== smallest ? largest.heapAfterGcMb <= smallest.heapAfterGcMb * 1.25 : undefined;
  rows.push({
    target: "RSS ≤ 300 MB, flat from 10k to 100k tasks, and at C = 1,000",
    measured: memoryParts.length > 0 ? `${memoryParts.join("; ")}${flat === undefined ? "" : flat ? " (live heap flat)" : " (live heap grows)"}` : "not measured",
    met: peaks.length > 0 ? peaks.every((peak) => peak <= 300) && flat !== false : undefined,
  });
  return rows;
}

export function targetsTable(rows: TargetRow[]): string[] {
  return [
    "| target | measured in this run | met? |",
    "| --- | --- | --- |",
    ...rows.map((row) => `| ${row.target} | ${row.measured} | ${row.met === undefined ? "not measured" : row.met ? "yes" : "no"} |`),
  ];
}

/** Our latency-bound figures as ratios against the naive `graph.batch` baseline at the same C and L. */
export function baselineRatios(latency: LatencyFigure[]): string[] {
  const rows: string[] = [];
  for (const ours of latency.filter((figure) => figure.driver === "runSimulation")) {
    const naive = latency.find((figure) => figure.driver === "naive graph.batch" && figure.inFlight === ours.inFlight && figure.latencyMs === ours.latencyMs);
    if (!naive) {
      rows.push(`| ${ours.inFlight} | ${ours.latencyMs} | the baseline failed (no retries) | | |`);
      continue;
    }
    const efficiency = (figure: LatencyFigure) => figure.steadyEfficiency ?? figure.efficiency;
    rows.push(
      `| ${ours.inFlight} | ${ours.latencyMs} | ${fixed(efficiency(ours) / efficiency(naive))} | ${fixed(ours.cpuMsPerCall / naive.cpuMsPerCall)} | ${fixed(ours.peakRssMb / naive.peakRssMb)} |`,
    );
  }
  return rows.length === 0
    ? []
    : ["| in flight C | L ms | steady throughput, ours ÷ naive | CPU per call, ours ÷ naive | peak RSS, ours ÷ naive |", "| ---: | ---: | ---: | ---: | ---: |", ...rows];
}
