import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { buttonProgram } from "../../src/cli/program.js";
import { collectReportData } from "../../src/report/report-data.js";
import { renderReportHtml } from "../../src/report/report-html.js";

/**
 * The HTML report in a real browser: Debian's chromium driven by playwright-core. Where no
 * browser can be had (no /usr/bin/chromium, or it will not start), the test skips and says so;
 * `.ci/run` installs chromium when it is missing.
 */
const CHROMIUM = process.env.BUTTON_CHROMIUM ?? "/usr/bin/chromium";
const OUTPUT = resolve(import.meta.dirname, "..", "..", "test-output");
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const hasBrowser = existsSync(CHROMIUM);
if (!hasBrowser) console.warn(`[skip] no browser at ${CHROMIUM}: the report's browser test is skipped (install Debian's chromium: apt-get install -y chromium).`);

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "button-report-"));
  const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  try {
    await buttonProgram().exitOverride().parseAsync(["demo", "--out", join(dir, "demo"), "--count", "4"], { from: "user" });
  } finally {
    write.mockRestore();
  }
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function withBrowser<T>(skip: (note: string) => void, use: (page: import("playwright-core").Page, requests: string[]) => Promise<T>): Promise<T | undefined> {
  const { chromium } = await import("playwright-core");
  const profile = mkdtempSync(join(tmpdir(), "button-chromium-"));
  let context: import("playwright-core").BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1400, height: 1000 } });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    console.warn(`[skip] chromium at ${CHROMIUM} would not start: ${(error as Error).message.split("\n")[0]}`);
    skip("chromium would not start");
    return undefined;
  }
  const requests: string[] = [];
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on("request", (request) => {
      if (!request.url().startsWith("file:")) requests.push(request.url());
    });
    return await use(page, requests);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

describe.skipIf(!hasBrowser)("the HTML report in headless Chromium", () => {
  it("shows the charts, finds a trajectory by function name, and opens it with its plan and checks", async (context) => {
    const report = join(dir, "demo", "report.html");
    const html = readFileSync(report, "utf8");
    expect(html).not.toMatch(/<(link|img|iframe)\b[^>]*\b(src|href)=["']?https?:/i);
    await withBrowser(context.skip, async (page, requests) => {
      await page.goto(pathToFileURL(report).href);
      const charts = page.locator(".chart");
      expect(await charts.count()).toBeGreaterThanOrEqual(10);
      expect(await page.locator('.chart[data-chart="Turns per trajectory"] svg rect').count()).toBeGreaterThan(0);
      expect(await page.locator('.chart[data-chart="Strategies"] svg rect').count()).toBeGreaterThan(0);
      const total = await page.locator("#count").textContent();
      expect(total).toMatch(/^(\d+) of \1 trajectories$/);

      await page.fill("#search", "get_person_birthdate");
      await expect.poll(() => page.locator("#count").textContent()).not.toBe(total);
      const rows = page.locator(".row");
      const shown = await rows.count();
      expect(shown).toBeGreaterThan(0);
      for (let index = 0; index < shown; index++) expect(await rows.nth(index).textContent()).toContain("get_person_birthdate");

      await rows.first().click();
      const viewer = page.locator("#viewer");
      await expect.poll(() => viewer.locator(".bubble.user").count()).toBeGreaterThan(0);
      expect(await viewer.locator(".bubble.assistant").count()).toBeGreaterThan(0);
      const call = viewer.locator("details.call").filter({ hasText: "get_person_birthdate" }).first();
      await call.locator("summary").click();
      expect(await call.locator("pre").textContent()).toMatch(/"\w+": /);
      expect(await viewer.locator(".bubble.tool").count()).toBeGreaterThan(0);
      expect(await viewer.locator(".plan li").count()).toBeGreaterThanOrEqual(2);
      expect(await viewer.locator(".plan").textContent()).toContain("functions: ");
      expect(await viewer.locator(".verdicts").textContent()).toMatch(/Checks/);

      mkdirSync(OUTPUT, { recursive: true });
      await page.screenshot({ path: join(OUTPUT, "report.png"), fullPage: false });
      await page.evaluate("window.scrollTo(0, 0)");
      await page.screenshot({ path: join(OUTPUT, "report-charts.png"), fullPage: false });
      expect(requests).toEqual([]);
    });
  }, 120_000);

  it("shows hostile record text as text and renders only the rows in view of 10,000 trajectories", async (context) => {
    const run = join(dir, "hostile");
    mkdirSync(run, { recursive: true });
    const hostile = '</script><script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"><b>bold</b>';
    const record = (index: number) => ({
      id: `r-${index}`,
      task_id: `t-${index}`,
      messages: [
        { role: "user", content: index === 0 ? hostile : `Request number ${index} about the weather` },
        { role: "assistant", content: "", tool_calls: [{ id: `c${index}`, type: "function", function: { name: index % 2 ? "get_weather" : "find_book", arguments: '{"q":"x"}' } }] },
        { role: "tool", tool_call_id: `c${index}`, content: '{"ok":true}' },
        { role: "assistant", content: index === 0 ? "<i>final</i> \u2028 answer" : "done" },
      ],
      tools: [],
      parallel_tool_calls: true,
      verdicts: [{ check: "judge", ok: true, score: (index % 5) + 1 }],
      meta: { strategy: index % 2 ? "sequential" : "parallel-then-sequential" },
    });
    writeFileSync(join(run, "trajectories.jsonl"), Array.from({ length: 10_000 }, (_, index) => JSON.stringify(record(index))).join("\n") + "\n");
    const file = join(run, "report.html");
    writeFileSync(file, renderReportHtml(await collectReportData(run, { title: "hostile <b>title</b>" })));
    expect(readFileSync(file, "utf8").match(/<\/script>/g)).toHaveLength(2);
    await withBrowser(context.skip, async (page) => {
      await page.goto(pathToFileURL(file).href);
      expect(await page.locator("#count").textContent()).toBe("10000 of 10000 trajectories");
      expect(await page.locator(".row").count()).toBeLessThan(60);
      expect(await page.locator("h1").textContent()).toBe("hostile <b>title</b>");
      expect(await page.locator('.chart[data-chart="Score: judge"] svg rect').count()).toBe(5);
      await page.locator(".row").first().click();
      expect(await page.locator("#viewer .bubble.user").textContent()).toContain(hostile);
      expect(await page.locator("#viewer .bubble.assistant").last().textContent()).toContain("<i>final</i>");
      expect(await page.evaluate("typeof window.__pwned")).toBe("undefined");
      expect(await page.locator("#viewer img").count()).toBe(0);
      await page.selectOption("#filter-function", "find_book");
      expect(await page.locator("#count").textContent()).toBe("5000 of 10000 trajectories");
      await page.locator("#list").evaluate((list) => (list.scrollTop = 64 * 4000));
      await expect.poll(() => page.locator(".row").first().getAttribute("data-id")).not.toBe("r-0");
      expect(await page.locator(".row").count()).toBeLessThan(60);
    });
  }, 180_000);
});
