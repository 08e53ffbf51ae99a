// Playwright's fixtures over the servers of ./servers.ts, and the helpers a person would use.
import { test as base, expect, type Frame, type Page, type TestInfo } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { Backend, Deployment, screenshots, type Site } from "./servers";

export * from "./servers";

/** Whether this test runs against the app deployed as the vendor would (the "deployed" project). */
export function deployed(): boolean {
  return base.info().project.metadata?.shape === "split";
}

/** A fresh site of this project's shape, with `overrides` for its backends. */
export async function startSite(overrides: Record<string, string> = {}): Promise<Site> {
  return deployed() ? Deployment.start(overrides) : Backend.start(overrides);
}

/** Console errors and uncaught exceptions of the page; failed HTTP answers are the tests' business. */
export const test = base.extend<{ backend: Backend; site: Site; consoleErrors: string[] }>({
  backend: async ({}, use) => {
    const backend = await Backend.start();
    await use(backend);
    await backend.stop();
  },
  site: async ({}, use) => {
    const site = await startSite();
    await use(site);
    await site.stop();
  },
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on("console", (message) => {
      // Chromium's own notices of a failed fetch, and of its refusal when a frame asks for
      // storage (embedding.spec.ts), are the browser's answers, not the page's errors.
      const browsers = ["Failed to load resource", "requestStorageAccess: "].some((notice) => message.text().startsWith(notice));
      if (message.type() === "error" && !browsers) errors.push(message.text());
    });
    page.on("pageerror", (error) => errors.push(error.message));
    await use(errors);
    expect(errors, "the page logged errors").toEqual([]);
  },
});
export { expect };

/** Waits until the app has taken the place of the step 1 the page arrived with: what is typed
 * there is kept, but a button pressed before the module runs does nothing. The app's own root
 * must be there too: a frame found as soon as its address is known may not have parsed its
 * page yet, and then has no step 1 of either kind. */
export async function appRunning(scope: Page | Frame): Promise<void> {
  // On a plain first visit the app starts at the person's first touch of the page's own step 1
  // (`start_when_touched`): a press of Shift is one that neither types nor moves focus.
  const keyboard = ("keyboard" in scope ? scope : scope.page()).keyboard;
  await expect
    .poll(async () => {
      if ((await scope.locator("main[data-prerendered]").count()) > 0) await keyboard.press("Shift");
      return scope.locator("main:not([data-prerendered])").count();
    })
    .toBe(1);
  await expect(scope.locator("main[data-prerendered]")).toHaveCount(0);
}

/** Opens the app for `region`, and waits until it is interactive, in any language. */
export async function open(page: Page, backend: Site, query: string): Promise<void> {
  await page.goto(`${backend.url}/?${query}`);
  await appRunning(page);
  await expect(page.locator("#ezr-account")).toBeEditable();
}

/** Solves the puzzle with the keyboard, at the x the development window gives; `scope` is the
 * page, or the frame the app lives in when a host page embeds it. */
export async function solvePuzzle(
  page: Page,
  backend: Site,
  region: string,
  acquire: () => Promise<void>,
  scope: Page | Frame = page,
): Promise<void> {
  const puzzle = page.waitForResponse((r) => r.url().endsWith("/openapi/captcha/slider") && r.request().method() === "POST");
  await acquire();
  const captchaId = (await (await puzzle).json()).data.captchaId;
  const x = await backend.gapOf(region, captchaId);
  const slider = scope.getByRole("slider");
  await expect(slider).toBeVisible();
  await slider.focus();
  for (let i = 0; i < Math.floor(x / 10); i++) await slider.press("Shift+ArrowRight");
  for (let i = 0; i < x % 10; i++) await slider.press("ArrowRight");
  await expect(slider).toHaveAttribute("aria-valuenow", String(x));
  await slider.press("Enter");
}

export async function enterEmailAndSolve(page: Page, backend: Site, region: string, email: string): Promise<void> {
  await page.getByLabel("Email Address", { exact: true }).fill(email);
  await solvePuzzle(page, backend, region, () => page.getByRole("button", { name: "Acquire" }).click());
  await expect(page.getByText(/Please enter the verification code sent to/)).toBeVisible();
}

export async function enterCode(page: Page, code: string): Promise<void> {
  await page.getByLabel("Verification Code", { exact: true }).fill(code);
  await page.getByRole("button", { name: "Next" }).click();
}

export async function setPassword(page: Page, password: string): Promise<void> {
  await page.getByLabel("New Password", { exact: true }).fill(password);
  await page.getByLabel("Confirm Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Confirm", exact: true }).click();
}

/** Whether the page scrolls sideways: wider than its viewport, scroll bar excluded. */
export async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

export async function expectStep(page: Page, number: number, name: string | RegExp): Promise<void> {
  const current = page.locator('[aria-current="step"]');
  await expect(current).toHaveCount(1);
  await expect(current).toContainText(String(number));
  await expect(current).toContainText(name);
}

export async function snap(page: Page, info: TestInfo, name: string): Promise<void> {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}-${info.project.name}.png`), fullPage: true });
}
