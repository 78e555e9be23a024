import { describe, expect, it } from "vitest";
import { describeRate, formatProgressLine, LineProgress, type ProgressSnapshot } from "../../src/run/progress-reporter.js";

const snapshot = (overrides: Partial<ProgressSnapshot> = {}): ProgressSnapshot => ({
  done: 50,
  accepted: 40,
  rejected: 10,
  total: 200,
  totalIsTarget: false,
  sessionDone: 50,
  sessionAccepted: 40,
  elapsedMs: 10_000,
  tokens: 123_456,
  ...overrides,
});

describe("progress", () => {
  it("computes rate and ETA from this session's work, for a task count or an accepted target", () => {
    expect(describeRate(snapshot())).toEqual({ rate: 5, etaSeconds: 30 });
    // 100 accepted wanted, 40 so far at 4 accepted/s.
    expect(describeRate(snapshot({ total: 100, totalIsTarget: true }))).toEqual({ rate: 5, etaSeconds: 15 });
    expect(describeRate(snapshot({ total: undefined })).etaSeconds).toBeUndefined();
  });

  it("formats a plain line with done, accepted, rejected, rate, ETA and tokens", () => {
    expect(formatProgressLine(snapshot({ cost: 0.5 }))).toBe("done 50/200 | accepted 40 | rejected 10 | 5.00/s | ETA 30s | tokens 123.5k | cost 0.5000");
  });

  it("writes lines at most once per interval, and always at the end", () => {
    const lines: string[] = [];
    const reporter = new LineProgress((line) => lines.push(line), 10_000);
    reporter.update(snapshot({ elapsedMs: 0 }));
    reporter.update(snapshot({ elapsedMs: 5_000 }));
    reporter.update(snapshot({ elapsedMs: 10_000 }));
    reporter.stop(snapshot({ elapsedMs: 12_000 }));
    expect(lines).toHaveLength(3);
    expect(lines.every((line) => line.startsWith("[button] done "))).toBe(true);
  });
});
