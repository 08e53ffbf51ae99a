import { defineConfig } from "@playwright/test";
import base from "./engines.config";

// The engines' part of `cargo xtask bench`, apart from the test suite.
export default defineConfig({
  ...base,
  testMatch: /.*\.bench\.ts/,
  timeout: 900_000,
});
