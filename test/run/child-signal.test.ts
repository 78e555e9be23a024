import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { childSignal } from "../../src/run/child-signal.js";

describe("childSignal", () => {
  it("aborts with the parent's reason, and listeners added to children never reach the parent", () => {
    const parent = new AbortController();
    const children = Array.from({ length: 5 }, () => childSignal(parent.signal));
    for (const child of children) for (let call = 0; call < 20; call++) child.signal.addEventListener("abort", () => {});
    // One listener per live child on the parent, however many calls listen on each child.
    expect(getEventListeners(parent.signal, "abort")).toHaveLength(5);
    children[0]!.dispose();
    expect(getEventListeners(parent.signal, "abort")).toHaveLength(4);
    parent.abort(new Error("stop"));
    expect(children[0]!.signal.aborted).toBe(false);
    for (const child of children.slice(1)) expect((child.signal.reason as Error).message).toBe("stop");
  });

  it("is born aborted when the parent already is", () => {
    const parent = new AbortController();
    parent.abort("done");
    const child = childSignal(parent.signal);
    expect(child.signal.aborted).toBe(true);
    expect(child.signal.reason).toBe("done");
  });
});
