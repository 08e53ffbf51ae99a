import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

// The measurements of `cargo xtask bench`, apart from the test suite.
export default defineConfig({
  ...base,
  testDir: "bench",
  testMatch: /.*\.bench\.ts/,
  projects: [base.projects![0]],
});
