/**
 * One deadline for a whole HTTP exchange: the OpenAI client's own timeout ends when the headers
 * arrive, so a server that sends headers and then trickles (or never finishes) the body would
 * hold a call forever. This fetch reads the body under the same deadline, so a stalled body is
 * a timeout like any other, and the runner retries it within its limits. It also refuses an HTML
 * page sent with status 200 (a login page, a proxy, a base URL without /v1), which the client
 * would otherwise try to read as a completion.
 */
export class ResponseDeadlineError extends Error {
  override readonly name = "ResponseDeadlineError";
  constructor(readonly timeoutMs: number, url: string) {
    super(`the request to ${url} timed out: no complete response (headers and body) within ${timeoutMs} ms`);
  }
}

export class NotJsonResponseError extends Error {
  override readonly name = "NotJsonResponseError";
  constructor(url: string, contentType: string, preview: string) {
    super(
      `the endpoint ${url} answered HTTP 200 with ${contentType || "a body"} that is not JSON (${JSON.stringify(preview)}); ` +
        `check --base-url: an OpenAI-compatible API usually ends in /v1`,
    );
  }
}

type Fetch = typeof globalThis.fetch;

export function deadlineFetch(timeoutMs: number, base: Fetch = globalThis.fetch): Fetch {
  return async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new ResponseDeadlineError(timeoutMs, url)), timeoutMs);
    // The caller's signal ends the exchange too. A listener forwards it to the one controller:
    // AbortSignal.any would make a new dependent signal per request, which costs more.
    const caller = init?.signal ?? undefined;
    const forward = () => deadline.abort(caller!.reason);
    if (caller?.aborted) forward();
    else caller?.addEventListener("abort", forward, { once: true });
    try {
      const response = await base(input, { ...init, signal: deadline.signal });
      const body = await response.arrayBuffer();
      if (response.ok) refuseNonJson(url, response.headers.get("content-type") ?? "", body);
      return new Response(body.byteLength === 0 && [204, 205, 304].includes(response.status) ? null : body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    } catch (error) {
      if (deadline.signal.aborted && !init?.signal?.aborted) throw deadline.signal.reason;
      throw error;
    } finally {
      clearTimeout(timer);
      caller?.removeEventListener("abort", forward);
    }
  };
}

function refuseNonJson(url: string, contentType: string, body: ArrayBuffer): void {
  if (/json|event-stream/i.test(contentType)) return;
  const head = Buffer.from(body.slice(0, 200)).toString("utf8").trimStart();
  if (head.startsWith("{") || head.startsWith("[") || head === "") return;
  throw new NotJsonResponseError(url, contentType.split(";")[0]!, head.slice(0, 60));
}
