/**
 * `npx tsx bench/report-10k.ts [RUN_DIR]`: the HTML report on 10,000 trajectories. Repeats a
 * run directory's accepted trajectories (default: a fresh demo run) up to 10,000 records, then
 * measures the time to build the report, its size, and — where /usr/bin/chromium exists — the
 * time until the page shows its list, the rows in the page, and a search's time to update.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { buttonProgram } from "../src/cli/program.js";
import { collectReportData } from "../src/report/report-data.js";
import { renderReportHtml } from "../src/report/report-html.js";

const work = mkdtempSync(join(tmpdir(), "button-report-bench-"));
let source = process.argv[2];
if (!source) {
  source = join(work, "demo");
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  await buttonProgram().parseAsync(["demo", "--out", source, "--count", "4"], { from: "user" });
  process.stdout.write = write;
}
const lines = readFileSync(join(source, "trajectories.jsonl"), "utf8").trim().split("\n");
const run = join(work, "run");
const copies = Array.from({ length: 10_000 }, (_, index) => {
  const record = JSON.parse(lines[index % lines.length]!) as { id: string };
  return JSON.stringify({ ...record, id: `${record.id}-${index}` });
});
await import("node:fs/promises").then((fs) => fs.mkdir(run, { recursive: true }));
writeFileSync(join(run, "trajectories.jsonl"), copies.join("\n") + "\n");

let started = performance.now();
const html = renderReportHtml(await collectReportData(run, { title: "10k" }));
const buildSeconds = (performance.now() - started) / 1000;
const file = join(run, "report.html");
writeFileSync(file, html);
console.log(`build: ${buildSeconds.toFixed(2)} s, size ${(statSync(file).size / 1e6).toFixed(1)} MB`);

if (existsSync("/usr/bin/chromium")) {
  const { chromium } = await import("playwright-core");
  const profile = mkdtempSync(join(tmpdir(), "button-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  started = performance.now();
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector(".row");
  console.log(`open until the list shows: ${((performance.now() - started) / 1000).toFixed(2)} s; rows in the page: ${await page.locator(".row").count()}`);
  started = performance.now();
  const before = await page.locator("#count").textContent();
  await page.fill("#search", "lisbon");
  await page.waitForFunction(`document.getElementById("count").textContent !== ${JSON.stringify(before)}`);
  console.log(`search 'lisbon': ${((performance.now() - started) / 1000).toFixed(2)} s (includes the 120 ms debounce); ${await page.locator("#count").textContent()}`);
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
rmSync(work, { recursive: true, force: true });
