import { describe, expect, it } from "vitest";
import { rejectionCode } from "../../src/run/rejection-code.js";

describe("rejectionCode", () => {
  it("keeps the code before the first colon, and the first failed check of a verification", () => {
    expect(rejectionCode("unknown-function: Model tried to call unavailable tool 'x'. Available tools: a, b.")).toBe("unknown-function");
    expect(rejectionCode("turn-limit")).toBe("turn-limit");
    expect(rejectionCode("verification: arguments-valid: call 'get_weather' …; grounding: …")).toBe("verification:arguments-valid");
    expect(rejectionCode("transport: HTTP 503 Service Unavailable — gave up after 6 attempt(s)")).toBe("transport");
  });

  it("never uses free text as a key", () => {
    expect(rejectionCode("The model said: no")).toBe("other");
    expect(rejectionCode(undefined)).toBe("unknown");
  });
});
