/**
 * An AbortSignal that follows `parent` and can be detached from it. Work that adds many
 * listeners (one per model call) listens on the child, so the parent's listener list stays as
 * short as the number of children alive, and `dispose` removes the child's one listener.
 */
export function childSignal(parent: AbortSignal): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { signal: controller.signal, dispose: () => {} };
  }
  const forward = () => controller.abort(parent.reason);
  parent.addEventListener("abort", forward, { once: true });
  return { signal: controller.signal, dispose: () => parent.removeEventListener("abort", forward) };
}
