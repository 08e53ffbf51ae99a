// Bytes on the wire for a first and a repeat visit, as the browser counts them (Resource
// Timing's transferSize: headers and body as received, 0 for what the cache served).
// Run by `cargo xtask bench`; it writes target/bench-wire.json.
import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { test, expect, open, screenshots } from "../tests/support";

type Visit = { bytes: number; files: number; fromCache: number };

async function visit(page: import("@playwright/test").Page): Promise<Visit> {
  return page.evaluate(() => {
    const entries = [
      ...performance.getEntriesByType("navigation"),
      ...performance.getEntriesByType("resource"),
    ] as PerformanceResourceTiming[];
    return {
      bytes: entries.reduce((sum, entry) => sum + entry.transferSize, 0),
      files: entries.length,
      fromCache: entries.filter((entry) => entry.transferSize === 0).length,
    };
  });
}

test("bytes on the wire, first and repeat visit", async ({ page, backend, consoleErrors }) => {
  await open(page, backend, "region=europe");
  await expect(page.getByLabel("Email Address", { exact: true })).toBeEnabled();
  const first = await visit(page);
  await page.reload();
  await expect(page.getByLabel("Email Address", { exact: true })).toBeEnabled();
  const repeat = await visit(page);
  const figures = { firstVisit: first, repeatVisit: repeat };
  console.log(`first visit:  ${first.bytes} bytes on the wire in ${first.files} files`);
  console.log(`repeat visit: ${repeat.bytes} bytes on the wire in ${repeat.files} files (${repeat.fromCache} from the cache)`);
  mkdirSync(join(screenshots, ".."), { recursive: true });
  writeFileSync(join(screenshots, "..", "bench-wire.json"), JSON.stringify(figures, null, 2));
  expect(repeat.bytes).toBeLessThan(first.bytes);
  expect(consoleErrors).toEqual([]);
});
