/**
 * The cause of a failed model call in the words an operator needs: which of "the key is wrong",
 * "nothing listens there", "the host does not exist" or "it timed out" it was, and what to do.
 */
export function describeModelFailure(error: unknown): string {
  const chain = causeChain(error);
  const status = chain.map((link) => (link as { status?: unknown }).status).find((value): value is number => typeof value === "number");
  const text = chain.map((link) => String((link as { message?: unknown }).message ?? "")).join(" ");
  const codes = chain.map((link) => (link as { code?: unknown }).code).filter((code): code is string => typeof code === "string");
  const address = /(\d{1,3}(?:\.\d{1,3}){3}:\d+|\[[0-9a-f:]+\]:\d+)/i.exec(text)?.[1];
  if (status === 401 || status === 403) {
    return `authentication failed (HTTP ${status}): the endpoint refused the API key; check OPENAI_API_KEY and --base-url`;
  }
  if (codes.includes("ECONNREFUSED") || /ECONNREFUSED/.test(text)) {
    return `connection refused${address ? ` at ${address}` : ""}: nothing is listening there; start the server or fix --base-url`;
  }
  if (codes.includes("ENOTFOUND") || /ENOTFOUND/.test(text)) return "host not found: check the host name in --base-url";
  if (status === 404) return "not found (HTTP 404): check --base-url (it usually ends in /v1) and the model name";
  if (status !== undefined) return `the endpoint answered HTTP ${status}: ${firstMessage(chain)}`;
  return firstMessage(chain);
}

/** True for failures that no retry or other task can fix: the endpoint refuses our credentials. */
export function isAuthenticationFailure(error: unknown): boolean {
  return causeChain(error).some((link) => [401, 403].includes((link as { status?: unknown }).status as number));
}

function firstMessage(chain: object[]): string {
  const message = chain.map((link) => (link as { message?: unknown }).message).find((text) => typeof text === "string" && text !== "");
  return typeof message === "string" ? message : "unknown failure";
}

function causeChain(error: unknown): object[] {
  const chain: object[] = [];
  for (let current = error; current && typeof current === "object" && chain.length < 8 && !chain.includes(current); current = (current as { cause?: unknown }).cause) {
    chain.push(current);
  }
  return chain;
}
