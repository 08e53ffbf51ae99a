// WCAG 2.2 AA, proven in the browser: axe on every state in both themes, two languages and two
// viewports; a whole reset by keyboard alone through each human check; focus never hidden;
// reflow at 320 CSS px and at 400% zoom; reduced motion; the accessible structure of each step
// kept as aria snapshots beside this file.
import AxeBuilder from "@axe-core/playwright";
import type { Locator, Page } from "@playwright/test";
import { Backend, demoPassword, expect, expectStep, open, scrollsSideways, solvePuzzle, test, wording } from "./support";

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** Runs axe on the page as it is now; every violation is listed with where it is. */
async function scan(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const violations = results.violations.map(
    (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
  );
  expect(violations, `axe on ${what}`).toEqual([]);
  // A scan that checked nothing would pass too: it must have run the rules on this page.
  expect(results.passes.length, `rules axe passed on ${what}`).toBeGreaterThan(10);
}

/** The app's own words for what the scans press and fill, in `tag`. */
function wordsOf(tag: string) {
  const said = wording(tag);
  const word = (key: string) => said.get(key) ?? "";
  return {
    acquire: word("Acquire"), email: word("EmailLabel"), next: word("Next"), code: word("CodeLabel"),
    newPassword: word("NewPassword"), confirmPassword: word("ConfirmPassword"), confirm: word("Confirm"),
    accessible: word("UseAccessibleCheck"), slider: word("UseSlider"),
  };
}

for (const lang of ["en", "ar"] as const) {
  for (const scheme of ["light", "dark"] as const) {
    for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      const name = `${lang}, ${scheme}, ${viewport.width}x${viewport.height}`;
      test(`axe finds nothing on any state of a reset (${name})`, async ({ page, consoleErrors }) => {
        // A check that cannot finish while it is scanned; the slider is solved after it.
        const backend = await Backend.start({ "--work-difficulty": "30" });
        try {
          const words = wordsOf(lang);
          await page.setViewportSize(viewport);
          await page.emulateMedia({ colorScheme: scheme });
          await open(page, backend, `region=europe&lang=${lang}`);
          await scan(page, `step 1 (${name})`);

          await page.getByRole("button", { name: words.acquire }).click();
          await expect(page.locator(".ezr-field__error").first()).not.toBeEmpty();
          await scan(page, `step 1 with an error (${name})`);

          await page.getByLabel(words.email, { exact: true }).fill("bruno@example.com");
          await page.getByRole("button", { name: words.acquire }).click();
          await expect(page.getByRole("slider")).toBeVisible();
          await expect(page.locator(".ezr-slider__background")).toBeVisible();
          await scan(page, `the puzzle dialog (${name})`);

          await page.getByRole("button", { name: words.accessible }).click();
          await expect(page.locator("progress")).toBeVisible();
          await scan(page, `the accessible check at work (${name})`);
          await solvePuzzle(page, backend, "europe", () => page.getByRole("button", { name: words.slider }).click());
          await expectStep(page, 2, /.+/);
          await scan(page, `step 2 (${name})`);

          await page.getByLabel(words.code, { exact: true }).fill("12");
          await page.getByRole("button", { name: words.next }).click();
          await expect(page.locator("#ezr-code-error")).not.toBeEmpty();
          await scan(page, `step 2 with an error (${name})`);

          const code = await backend.codeFor("europe", "bruno@example.com");
          await page.getByLabel(words.code, { exact: true }).fill(code);
          await page.getByRole("button", { name: words.next }).click();
          await expectStep(page, 3, /.+/);
          await scan(page, `step 3 (${name})`);

          await page.getByLabel(words.newPassword, { exact: true }).fill("short");
          await page.getByRole("button", { name: words.confirm, exact: true }).click();
          await expect(page.locator('.ezr-rules__item[data-met="false"]').first()).toBeVisible();
          await scan(page, `step 3 with an error (${name})`);

          await page.getByLabel(words.newPassword, { exact: true }).fill("Alpine meadow 42");
          await page.getByLabel(words.confirmPassword, { exact: true }).fill("Alpine meadow 42");
          await page.getByRole("button", { name: words.confirm, exact: true }).click();
          await expectStep(page, 4, /.+/);
          await scan(page, `step 4 (${name})`);
        } finally {
          await backend.stop();
        }
      });
    }
  }
}

/** Records every pointer, mouse and touch event the page receives, to prove there were none. */
async function countPointerEvents(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { pointerEvents: string[] }).pointerEvents = seen;
    for (const type of ["pointerdown", "pointerup", "mousedown", "mouseup", "click", "touchstart", "touchend"]) {
      window.addEventListener(type, (event) => {
        // A click that Enter or Space synthesises on a button is the keyboard's, not a pointer's.
        if (type === "click" && (event as MouseEvent).detail === 0) return;
        seen.push(type);
      }, true);
    }
  });
}

/** Focus is visible and not hidden: the focused element's centre is the element itself. */
async function expectFocusShown(page: Page): Promise<void> {
  const state = await page.evaluate(() => {
    const focused = document.activeElement as HTMLElement | null;
    if (!focused || focused === document.body) return "nothing is focused";
    const box = focused.getBoundingClientRect();
    const x = box.left + box.width / 2;
    const y = box.top + box.height / 2;
    if (x < 0 || y < 0 || x > window.innerWidth || y > window.innerHeight) return `${focused.id || focused.tagName} is off screen`;
    const top = document.elementFromPoint(x, y);
    if (top && !focused.contains(top) && !top.contains(focused)) return `${focused.id || focused.tagName} is covered by ${top.tagName}.${top.className}`;
    const style = getComputedStyle(focused);
    if (focused.matches(":focus-visible") && style.outlineStyle === "none" && focused.tabIndex >= 0) return `${focused.id || focused.tagName} has no outline`;
    return "ok";
  });
  expect(state).toBe("ok");
}

/** Presses Tab (Shift+Tab with `back`) until `target` has focus, checking focus at each stop. */
async function tabTo(page: Page, target: Locator, back = false): Promise<void> {
  for (let i = 0; i < 40; i++) {
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return;
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    await page.evaluate(() => new Promise(requestAnimationFrame));
    await expectFocusShown(page);
  }
  throw new Error(`Tab never reached ${target}`);
}

async function keyboardReset(page: Page, backend: Backend, email: string, check: "slider" | "accessible"): Promise<number> {
  await countPointerEvents(page);
  await open(page, backend, "region=europe");
  await tabTo(page, page.getByLabel("Email Address", { exact: true }));
  await page.keyboard.type(email);
  await tabTo(page, page.getByRole("button", { name: "Acquire" }));
  const puzzle = page.waitForResponse((r) => r.url().endsWith("/openapi/captcha/slider"));
  await page.keyboard.press("Enter");
  const captchaId = (await (await puzzle).json()).data.captchaId;
  await expect(page.getByRole("slider")).toBeVisible();
  let solvedIn = 0;
  if (check === "slider") {
    const x = await backend.gapOf("europe", captchaId);
    const slider = page.getByRole("slider");
    await tabTo(page, slider);
    for (let i = 0; i < Math.floor(x / 10); i++) await page.keyboard.press("Shift+ArrowRight");
    for (let i = 0; i < x % 10; i++) await page.keyboard.press("ArrowRight");
    await expect(slider).toHaveAttribute("aria-valuenow", String(x));
    await page.keyboard.press("Enter");
  } else {
    await tabTo(page, page.getByRole("button", { name: "Use an accessible check instead" }));
    const challenge = page.waitForResponse((r) => r.url().endsWith("/openapi/captcha/pow"));
    const answer = page.waitForRequest((r) => r.url().endsWith("/openapi/captcha/pow/verify"));
    await page.keyboard.press("Space");
    await challenge;
    const started = Date.now();
    await answer;
    solvedIn = Date.now() - started;
  }
  await expectStep(page, 2, "Verify Identity");
  await expect(page.locator(".ezr-sr-only[role=status]")).toHaveText(/The verification code was sent to/);
  const code = await backend.codeFor("europe", email);
  await tabTo(page, page.getByLabel("Verification Code", { exact: true }));
  await page.keyboard.type(code);
  await page.keyboard.press("Enter");
  await expectStep(page, 3, "Reset Password");
  await tabTo(page, page.getByLabel("New Password", { exact: true }));
  await page.keyboard.type("Alpine meadow 42");
  await tabTo(page, page.getByLabel("Confirm Password", { exact: true }));
  await page.keyboard.type("Alpine meadow 42");
  await page.keyboard.press("Enter");
  await expectStep(page, 4, "Succeed");
  await tabTo(page, page.getByRole("link", { name: "Go to Login" }));
  expect(await page.evaluate(() => (window as unknown as { pointerEvents: string[] }).pointerEvents)).toEqual([]);
  return solvedIn;
}

test("a whole reset by keyboard alone through the slider puzzle", async ({ page, backend, consoleErrors }) => {
  await keyboardReset(page, backend, "bruno@example.com", "slider");
  expect((await backend.login("europe", "bruno@example.com", "Alpine meadow 42")).code).toBe(200);
});

test("a whole reset by keyboard alone through the accessible check, at the default difficulty", async ({ page, consoleErrors }) => {
  // The default difficulty, as shipped: the figure printed is the solve time on this machine.
  const backend = await Backend.start();
  try {
    const solvedIn = await keyboardReset(page, backend, "bruno@example.com", "accessible");
    console.log(`accessible check solved in ${solvedIn} ms at the default difficulty`);
    expect((await backend.login("europe", "bruno@example.com", "Alpine meadow 42")).code).toBe(200);
  } finally {
    await backend.stop();
  }
});

for (const [what, viewport] of [
  ["320 CSS px", { width: 320, height: 640 }],
  ["400% zoom of 1280x800", { width: 320, height: 200 }],
] as const) {
  test(`every step reflows without sideways scrolling at ${what}`, async ({ page, backend, consoleErrors }) => {
    await page.setViewportSize(viewport);
    await open(page, backend, "region=europe&lang=de");
    expect(await scrollsSideways(page), "step 1").toBe(false);
    await page.getByLabel("E-Mail-Adresse", { exact: true }).fill("bruno@example.com");
    await solvePuzzle(page, backend, "europe", () => page.locator("button[type=submit]").click());
    await expectStep(page, 2, /.+/);
    expect(await scrollsSideways(page), "step 2").toBe(false);
    const code = await backend.codeFor("europe", "bruno@example.com");
    await page.locator("#ezr-code").fill(code);
    await page.locator("button[type=submit]").click();
    await expectStep(page, 3, /.+/);
    expect(await scrollsSideways(page), "step 3").toBe(false);
  });
}

test("the puzzle at 320 CSS px is solved by a tap on the track and Check", async ({ page, backend, consoleErrors }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await open(page, backend, "region=europe");
  await page.getByLabel("Email Address", { exact: true }).fill("bruno@example.com");
  const puzzle = page.waitForResponse((r) => r.url().endsWith("/openapi/captcha/slider"));
  await page.getByRole("button", { name: "Acquire" }).click();
  const data = (await (await puzzle).json()).data;
  const x = await backend.gapOf("europe", data.captchaId);
  expect(await scrollsSideways(page)).toBe(false);
  const track = page.locator(".ezr-slider__track");
  const box = (await track.boundingBox())!;
  // The piece's centre under the tap: the left edge at x, in the picture's scale.
  const scale = box.width / data.width;
  await track.click({ position: { x: (x + data.pieceSize / 2) * scale, y: box.height / 2 } });
  const check = page.getByRole("button", { name: "Check", exact: true });
  const checkBox = (await check.boundingBox())!;
  expect(Math.min(checkBox.width, checkBox.height)).toBeGreaterThanOrEqual(24);
  await check.click();
  await expectStep(page, 2, "Verify Identity");
});

test("nothing moves when reduced motion is asked for", async ({ page, backend, consoleErrors }) => {
  await page.emulateMedia({ reducedMotion: "reduce" });
  await open(page, backend, "region=europe");
  await page.getByLabel("Email Address", { exact: true }).fill("bruno@example.com");
  await page.getByRole("button", { name: "Acquire" }).click();
  await expect(page.getByRole("slider")).toBeVisible();
  const moving = await page.evaluate(() =>
    [...document.querySelectorAll("*")].filter((element) => {
      const style = getComputedStyle(element);
      const seconds = (list: string) => Math.max(...list.split(",").map((value) => parseFloat(value) || 0));
      return seconds(style.transitionDuration) > 0.01 || seconds(style.animationDuration) > 0.01 || style.scrollBehavior === "smooth";
    }).map((element) => element.className),
  );
  expect(moving).toEqual([]);
});

test("the accessible structure of each step matches its snapshot", async ({ page, consoleErrors }) => {
  // A check that cannot finish while its structure is read.
  const backend = await Backend.start({ "--work-difficulty": "30" });
  test.info().attach("backend", { body: backend.url });
  await open(page, backend, "region=europe");
  const app = page.locator("main");
  await expect(app).toMatchAriaSnapshot({ name: "1-enter-email.aria.yml" });
  await page.getByLabel("Email Address", { exact: true }).fill("bruno@example.com");
  await page.getByRole("button", { name: "Acquire" }).click();
  await expect(page.getByRole("slider")).toBeVisible();
  await expect(page.getByRole("dialog")).toMatchAriaSnapshot({ name: "1b-puzzle.aria.yml" });
  await page.getByRole("button", { name: "Use an accessible check instead" }).click();
  await expect(page.getByRole("dialog")).toMatchAriaSnapshot({ name: "1c-accessible-check.aria.yml" });
  await solvePuzzle(page, backend, "europe", () => page.getByRole("button", { name: "Use the puzzle instead" }).click());
  await expectStep(page, 2, "Verify Identity");
  await expect(app).toMatchAriaSnapshot({ name: "2-verify-identity.aria.yml" });
  const code = await backend.codeFor("europe", "bruno@example.com");
  await page.getByLabel("Verification Code", { exact: true }).fill(code);
  await page.getByRole("button", { name: "Next" }).click();
  await expectStep(page, 3, "Reset Password");
  await expect(app).toMatchAriaSnapshot({ name: "3-reset-password.aria.yml" });
  await page.getByLabel("New Password", { exact: true }).fill(demoPassword + "-new");
  await page.getByLabel("Confirm Password", { exact: true }).fill(demoPassword + "-new");
  await page.getByRole("button", { name: "Confirm", exact: true }).click();
  await expectStep(page, 4, "Succeed");
  await expect(app).toMatchAriaSnapshot({ name: "4-succeed.aria.yml" });
  await backend.stop();
});
