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
  // failed: Interrupted system call"): a WebKit journey gets one more try, which the report
  // marks as flaky; one that really fails fails again.
  projects: engineNames.map((engine) => ({ name: engine, metadata: { engine }, retries: engine === "webkit" ? 1 : 0 })),
});
