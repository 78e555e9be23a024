import { describe, expect, it } from "vitest";
import {
  cacheableTokens,
  callPrefixes,
  commonPrefixLength,
  longestPrefixWithEarlier,
  OPENAI_CACHE_RULE,
} from "../../bench/prompt-prefix.js";

const range = (length: number, from = 0) => Array.from({ length }, (_, index) => from + index);

describe("commonPrefixLength", () => {
  it("counts the leading tokens two prompts share, stopping at the first difference or the shorter end", () => {
    expect(commonPrefixLength([1, 2, 3, 4], [1, 2, 9, 4])).toBe(2);
    expect(commonPrefixLength([1, 2], [1, 2, 3])).toBe(2);
    expect(commonPrefixLength([5], [6])).toBe(0);
    expect(commonPrefixLength([], [1])).toBe(0);
  });
});

describe("cacheableTokens under OpenAI's rule (1,024 tokens, then 128-token steps)", () => {
  it("gives nothing below the minimum and rounds down to a whole step above it", () => {
    expect(OPENAI_CACHE_RULE).toEqual({ minimum: 1024, step: 128 });
    expect(cacheableTokens(0)).toBe(0);
    expect(cacheableTokens(1023)).toBe(0);
    expect(cacheableTokens(1024)).toBe(1024);
    expect(cacheableTokens(1151)).toBe(1024);
    expect(cacheableTokens(1152)).toBe(1152);
    expect(cacheableTokens(5000)).toBe(4992);
  });

  it("follows another rule when given one", () => {
    expect(cacheableTokens(2100, { minimum: 2048, step: 64 })).toBe(2048);
    expect(cacheableTokens(2112, { minimum: 2048, step: 64 })).toBe(2112);
  });
});

describe("longestPrefixWithEarlier", () => {
  it("finds the longest prefix shared with any earlier prompt, not only the one just before", () => {
    const prompts = [
      [1, 2, 3, 4, 5],
      [9, 9, 9],
      [1, 2, 3, 7], // shares 3 with the first, 0 with the second
      [1, 2, 3, 4, 6], // shares 4 with the first, 3 with the third
      [9, 9, 1], // shares 2 with the second
      [0],
    ];
    expect(longestPrefixWithEarlier(prompts)).toEqual([0, 0, 3, 4, 2, 0]);
  });

  it("agrees with comparing every pair on sequences with much shared structure", () => {
    let state = 7;
    const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) % 3;
    const prompts = Array.from({ length: 60 }, () => Array.from({ length: 1 + (next() + next() * 3) }, () => next()));
    const expected = prompts.map((prompt, index) => Math.max(0, ...prompts.slice(0, index).map((earlier) => commonPrefixLength(earlier, prompt))));
    expect(longestPrefixWithEarlier(prompts)).toEqual(expected);
  });

  it("counts a repeated prompt as wholly shared", () => {
    expect(longestPrefixWithEarlier([range(10), range(10)])).toEqual([0, 10]);
  });
});

describe("callPrefixes", () => {
  it("compares with the previous call of the same role on the same trajectory, and with any earlier call of the role", () => {
    const system = range(1100);
    const calls = [
      { role: "assistant", trajectory: "a", tokens: [...system, 1] },
      { role: "user", trajectory: "a", tokens: [...system, 1, 2] }, // another role: shares nothing with the assistant's calls
      { role: "assistant", trajectory: "a", tokens: [...system, 1, 5] },
      { role: "assistant", trajectory: "b", tokens: [...system, 1, 5, 6] }, // first call on b; an earlier call on a matches
      { role: "assistant", trajectory: "a", tokens: [...system, 2] },
    ];
    expect(callPrefixes(calls)).toEqual([
      { previous: 0, earlier: 0, previousLength: 0 },
      { previous: 0, earlier: 0, previousLength: 0 },
      { previous: 1101, earlier: 1101, previousLength: 1101 }, // the prompt only grew: all of the previous one is reused
      { previous: 0, earlier: 1102, previousLength: 0 },
      { previous: 1100, earlier: 1100, previousLength: 1102 }, // a changed token ends the shared prefix early
    ]);
    expect(callPrefixes(calls).map((prefix) => cacheableTokens(prefix.previous))).toEqual([0, 0, 1024, 0, 1024]);
  });
});
