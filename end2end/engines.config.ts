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
  projects: engineNames.map((engine) => ({ name: engine, metadata: { engine } })),
});
