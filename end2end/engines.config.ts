import { defineConfig } from "@playwright/test";
import { engineNames } from "./engines/engines";

// The journeys of engines/, each defined once, in Chromium, Firefox and WebKit over WebDriver
// (engines/engines.ts). Playwright is only the runner here: it starts no browser of its own.
export default defineConfig({
  testDir: "engines",
  outputDir: "../target/engines-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 120_000,
  reporter: [["list"]],
  // WebKitGTK's web process on Debian 12 sometimes dies as it starts ("GLib-ERROR: getauxval ()
  // failed: Interrupted system call"), and Firefox on a loaded 2-core machine now and then
  // takes over the page later than the journeys wait for, or replaces a field just found (seen
  // in 2 of 10 journeys in one fresh clone, each passing alone and repeated; not understood
  // yet): a journey in those two gets one more try, which the report marks as flaky; one that
  // really fails fails again.
  projects: engineNames.map((engine) => ({ name: engine, metadata: { engine }, retries: engine === "chromium" ? 0 : 1 })),
});
