import { defineConfig } from "@playwright/test";

// Debian's Chromium, never a downloaded browser. The backend is started by each test
// (tests/support.ts) so that a test can stop and restart it.
const chromium = {
  browserName: "chromium" as const,
  launchOptions: {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  },
};

export default defineConfig({
  testDir: "tests",
  outputDir: "../target/e2e-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  projects: [
    { name: "desktop", testIgnore: /deployed\.spec\.ts/, use: { ...chromium, viewport: { width: 1280, height: 800 } } },
    // The phone viewport re-runs the journeys that take screenshots.
    { name: "phone", grep: /@screens/, testIgnore: /deployed\.spec\.ts/, use: { ...chromium, viewport: { width: 390, height: 844 }, hasTouch: true } },
    // The app as the vendor deploys it: the bundle of `cargo xtask dist` on nginx, each
    // region's API on its own origin (tests/support.ts, Deployment).
    { name: "deployed", grep: /@deployed/, metadata: { shape: "split" }, use: { ...chromium, viewport: { width: 1280, height: 800 } } },
  ],
});
