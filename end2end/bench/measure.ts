// What both benches measure alike: Playwright's in Chromium (load.bench.ts here) and the one
// over WebDriver in every engine (../engines/load.bench.ts).
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Backend } from "../tests/servers";

const dist = process.env.EZCLOUD_DIST ?? join(__dirname, "../../dist");

/** The nearest-rank percentile `p` of `values`. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** A server of the app's build with, beside it at /static-step-1.html, the static page to race:
 * `rendered` (step 1's HTML as the app renders it) without its script. `remove` stops it and
 * deletes its copy of the build. */
export async function besideStaticCopy(rendered: string): Promise<{ server: Backend; remove: () => Promise<void> }> {
  const copy = mkdtempSync(join(tmpdir(), "ezcloud-bench-"));
  cpSync(dist, copy, { recursive: true });
  const html = rendered.replace(/<script[\s\S]*?<\/script>/g, "").replace(/<link rel="(modulepreload|preload)"[^>]*>/g, "");
  writeFileSync(join(copy, "static-step-1.html"), "<!doctype html>\n" + html);
  const server = await Backend.start({}, copy);
  const remove = async () => {
    await server.stop();
    rmSync(copy, { recursive: true, force: true });
  };
  return { server, remove };
}

/** The address typed into step 1's field, three times (108 keys, so that two slow frames do
 * not make the p95), a key every 30 ms. */
export const TYPED = { text: "someone.with.a.long.name@example.com", rounds: 3, delayMs: 30 };

/** Keystroke to paint from the keys Event Timing reported, which are those of 16 ms or more,
 * out of `keystrokes` typed: the unreported ones were faster. */
export function typingFigures(slowKeys: number[], keystrokes: number): { keystrokes: number; over16: number; p95: number | null } {
  // Sorted fastest first, the unreported keys come before every reported one.
  const unreported = keystrokes - slowKeys.length;
  const p95At = Math.ceil(0.95 * keystrokes) - 1;
  const p95 = p95At < unreported ? null : [...slowKeys].sort((a, b) => a - b)[p95At - unreported];
  return { keystrokes, over16: slowKeys.length, p95 };
}
