// Lighthouse's mobile figures for the release build served by the reference server: the
// median of LIGHTHOUSE_RUNS runs of Lighthouse 12.2.3 (the last line for Node 20) in Debian's
// Chromium, mobile preset (simulated slow 4G, 4x CPU slowdown).
import { test, expect } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Backend, screenshots } from "../tests/servers";
import { percentile } from "./measure";

const LIGHTHOUSE_RUNS = 3;

/** One Lighthouse run's figures for `url`. */
function lighthouse(url: string): { score: number; fcpMs: number; lcpMs: number; tbtMs: number; cls: number } {
  const report = execFileSync(
    "npx",
    [
      "lighthouse", url, "--only-categories=performance", "--output=json", "--output-path=stdout", "--quiet",
      "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run",
    ],
    { cwd: join(__dirname, ".."), env: { ...process.env, CHROME_PATH: process.env.CHROMIUM ?? "/usr/bin/chromium" }, maxBuffer: 64 * 1024 * 1024, timeout: 180_000 },
  );
  const { categories, audits } = JSON.parse(report.toString());
  const value = (id: string) => audits[id].numericValue as number;
  return {
    score: Math.round(categories.performance.score * 100),
    fcpMs: value("first-contentful-paint"),
    lcpMs: value("largest-contentful-paint"),
    tbtMs: value("total-blocking-time"),
    cls: value("cumulative-layout-shift"),
  };
}

test("Lighthouse, mobile", async () => {
  test.setTimeout(900_000);
  const backend = await Backend.start();
  try {
    const runs = Array.from({ length: LIGHTHOUSE_RUNS }, () => lighthouse(`${backend.url}/?region=europe`));
    const median = (pick: (run: (typeof runs)[number]) => number) => percentile(runs.map(pick), 50);
    const figures = {
      runs,
      median: { score: median((run) => run.score), fcpMs: median((run) => run.fcpMs), lcpMs: median((run) => run.lcpMs), tbtMs: median((run) => run.tbtMs), cls: median((run) => run.cls) },
    };
    const { score, fcpMs, lcpMs, tbtMs, cls } = figures.median;
    console.log(`Lighthouse mobile (median of ${LIGHTHOUSE_RUNS}): performance ${score}, FCP ${fcpMs.toFixed(0)} ms, LCP ${lcpMs.toFixed(0)} ms, TBT ${tbtMs.toFixed(0)} ms, CLS ${cls.toFixed(3)} (targets 100, LCP 1200 ms, TBT 50 ms, CLS 0)`);
    mkdirSync(join(screenshots, ".."), { recursive: true });
    writeFileSync(join(screenshots, "..", "bench-lighthouse.json"), JSON.stringify(figures, null, 2));
    expect(runs.every((run) => run.fcpMs > 0 && run.lcpMs >= run.fcpMs)).toBe(true);
  } finally {
    await backend.stop();
  }
});
