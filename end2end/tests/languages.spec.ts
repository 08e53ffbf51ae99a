// The app in other languages: a whole reset in German and in Arabic (right to left) with no
// English left on any step, the message sent in that language, a switch on step 2 that keeps
// the step, and the browser's languages choosing German.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Page, TestInfo } from "@playwright/test";
import { appRunning, Backend, catalog, expect, scrollsSideways, snap, solvePuzzle, test, wording as app } from "./support";

const root = resolve(__dirname, "../..");

const messages = (tag: string) => catalog(join(root, "crates/reference-backend/messages", `${tag}.txt`));

/** The parts of English sentences (placeholders cut out) that `tag`'s own sentences do not contain. */
function englishOnly(tag: string): string[] {
  const own = [...app(tag).values()].join("\n");
  return [...app("en").values()]
    .flatMap((text) => text.split(/\{\d\}/))
    .map((part) => part.trim())
    .filter((part) => part.length >= 4 && !own.includes(part));
}

/** Every visible text node of the page and every accessible name, none in English. */
async function expectNoEnglish(page: Page, tag: string): Promise<void> {
  const texts: string[] = await page.evaluate(() => {
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest("option, script, style")) continue;
      const box = parent.getBoundingClientRect();
      const text = node.textContent?.trim();
      if (text && box.width > 0 && box.height > 0) found.push(text);
    }
    for (const element of document.querySelectorAll("[aria-label], [placeholder], [title]")) {
      for (const name of ["aria-label", "placeholder", "title"]) {
        const value = element.getAttribute(name);
        if (value) found.push(value);
      }
    }
    found.push(document.title);
    return found;
  });
  const english = englishOnly(tag);
  const leftovers = texts.filter((text) => english.some((part) => text.includes(part)));
  expect(leftovers, `English on the page in ${tag}`).toEqual([]);
}

/** The key of each region's name, by its slug. */
const regionKey: Record<string, string> = { americas: "RegionAmericas", europe: "RegionEurope", "asia-pacific": "RegionAsiaPacific" };

async function wholeReset(page: Page, backend: Backend, info: TestInfo, tag: string, account: string, region: string): Promise<void> {
  const words = app(tag);
  const word = (key: string) => words.get(key) ?? key;
  await page.goto(`${backend.url}/?region=${region}&lang=${tag}`);
  await appRunning(page);
  await expect(page.getByRole("group", { name: word("RegionLabel") })).toBeVisible();
  await expect(page.locator("main")).toHaveAttribute("lang", tag);
  await expect(page.locator("main")).toHaveAttribute("dir", tag === "ar" ? "rtl" : "ltr");
  // The page arrived in the language asked for, and says so itself.
  await expect(page.locator("html")).toHaveAttribute("lang", tag);
  await expect(page.locator("html")).toHaveAttribute("dir", tag === "ar" ? "rtl" : "ltr");
  await expectNoEnglish(page, tag);
  await snap(page, info, `${tag}-1-enter-email`);

  await page.getByLabel(word("EmailLabel"), { exact: true }).fill(account);
  await solvePuzzle(page, backend, region, () => page.getByRole("button", { name: word("Acquire") }).click());
  const [before] = word("CodeSentTo").split("{0}");
  await expect(page.getByText(before.trim()).first()).toBeVisible();
  await expect(page.locator(".ezr-step__intro bdi[dir=ltr]")).toHaveText(/\*\*\*\*/);
  await expect(page.locator(".ezr-region--fixed")).toHaveText(word("RegionIs").replace("{0}", word(regionKey[region])));
  // The help is read in the language too, opened.
  await page.locator("details.ezr-help summary").click();
  await expectNoEnglish(page, tag);
  await snap(page, info, `${tag}-2-verify-identity`);
  const sent = (await backend.outbox(region)).find((message) => message.to === account);
  expect(sent?.subject).toBe(messages(tag).get("CodeSubject"));

  await page.getByLabel(word("CodeLabel"), { exact: true }).fill(await backend.codeFor(region, account));
  await page.getByRole("button", { name: word("Next"), exact: true }).click();
  await expect(page.getByText(word("ResetIntro"))).toBeVisible();
  await page.getByLabel(word("NewPassword"), { exact: true }).fill("Alpine meadow 42");
  await page.getByLabel(word("ConfirmPassword"), { exact: true }).fill("Alpine meadow 42");
  await expectNoEnglish(page, tag);
  await snap(page, info, `${tag}-3-reset-password`);
  await page.getByRole("button", { name: word("Confirm"), exact: true }).click();
  await expect(page.getByText(word("SuccessTitle"))).toBeVisible();
  await expect(page.locator("details.ezr-help")).toHaveCount(0);
  await expect(page.getByRole("button", { name: word("ResetAnother") })).toBeVisible();
  await expectNoEnglish(page, tag);
  await snap(page, info, `${tag}-4-succeed`);
}

test("a whole reset in German, with no English left and the code sent in German", async ({ page, backend, consoleErrors }, info) => {
  await wholeReset(page, backend, info, "de", "bruno@example.com", "europe");
  expect(consoleErrors).toEqual([]);
});

test("a whole reset in Arabic, right to left, with codes and addresses left to right @screens", async ({ page, backend, consoleErrors }, info) => {
  await page.goto(`${backend.url}/?region=asia-pacific&lang=ar`);
  await appRunning(page);
  const steps = page.locator(".ezr-steps__item");
  await expect(steps).toHaveCount(4);
  const first = await steps.nth(0).boundingBox();
  const last = await steps.nth(3).boundingBox();
  expect(first!.x, "step 1 stands on the right").toBeGreaterThan(last!.x);
  await expect(page.locator("#ezr-account")).toHaveAttribute("dir", "ltr");
  await expect(page.locator(".ezr-slider")).toHaveCount(0);
  await wholeReset(page, backend, info, "ar", "chen@example.com", "asia-pacific");
  expect(consoleErrors).toEqual([]);
});

test("every step in Chinese fits the screen @screens", async ({ page, backend, consoleErrors }, info) => {
  await wholeReset(page, backend, info, "zh-CN", "alice@example.com", "americas");
  expect(await scrollsSideways(page)).toBe(false);
  expect(consoleErrors).toEqual([]);
});

test("switching the language on step 2 keeps the step and the masked destination", async ({ page, backend, consoleErrors }) => {
  await page.goto(`${backend.url}/?region=europe`);
  await appRunning(page);
  await page.getByLabel("Email Address", { exact: true }).fill("bruno@example.com");
  await solvePuzzle(page, backend, "europe", () => page.getByRole("button", { name: "Acquire" }).click());
  await expect(page.getByText("Please enter the verification code sent to bru****.com.")).toBeVisible();
  await page.getByLabel("Verification Code", { exact: true }).fill("12");
  await page.getByLabel("Language").selectOption("fr");
  const fr = app("fr");
  await expect(page.getByLabel(fr.get("LanguageLabel")!)).toBeFocused();
  await expect(page.locator('[aria-current="step"]')).toContainText(fr.get("StepVerify")!);
  await expect(page.getByText("Veuillez saisir le code de vérification envoyé à bru****.com.")).toBeVisible();
  await expect(page.getByLabel(fr.get("CodeLabel")!, { exact: true })).toHaveValue("12");
  await expect(page.locator("main")).toHaveAttribute("lang", "fr");
  expect(await page.title()).toBe(fr.get("DocumentTitle"));
  await page.reload();
  await expect(page.locator('[aria-current="step"]')).toContainText(fr.get("StepVerify")!);
  expect(consoleErrors).toEqual([]);
});

test.describe("with the browser preferring Austrian German, then English", () => {
  test.use({ locale: "de-AT", extraHTTPHeaders: { "Accept-Language": "de-AT,en" } });

  test("the page is in German", async ({ page, backend, consoleErrors }) => {
    await page.addInitScript(() => {
      Object.defineProperty(navigator, "languages", { get: () => ["de-AT", "en"] });
    });
    await page.goto(`${backend.url}/?region=europe`);
    await appRunning(page);
    await expect(page.getByRole("group", { name: "Region" })).toBeVisible();
    await expect(page.locator("main")).toHaveAttribute("lang", "de");
    await expect(page.getByRole("heading", { name: "Passwort per E-Mail zurücksetzen" })).toBeVisible();
    await expect(page.getByLabel("Sprache")).toHaveValue("de");
    expect(consoleErrors).toEqual([]);
  });
});

/** Switches the app's own language picker to `tag`. */
async function switchTo(page: Page, tag: string): Promise<void> {
  await page.locator(".ezr-language__select").selectOption(tag);
  await expect(page.locator("main")).toHaveAttribute("lang", tag);
}

// The words follow the language on every step, with what each step shows only after the person
// has done something (a field's error, the backend's refusal, the password's rules): a view that
// kept a word from before the switch would show it here.
test("switching the language on each step, with its errors shown, leaves no word of the one before", async ({ page, backend, consoleErrors }) => {
  const en = app("en");
  const word = (key: string) => en.get(key)!;
  await page.goto(`${backend.url}/?region=europe`);
  await appRunning(page);
  const email = page.getByLabel(word("EmailLabel"), { exact: true });
  await email.fill("bruno@");
  await email.press("Tab");
  await expect(page.locator("#ezr-account-error")).not.toBeEmpty();
  await switchTo(page, "de");
  // What was shown is still shown, in the new language.
  await expect(page.locator("#ezr-account-error")).not.toBeEmpty();
  await expectNoEnglish(page, "de");
  await switchTo(page, "en");

  await email.fill("bruno@example.com");
  await solvePuzzle(page, backend, "europe", () => page.getByRole("button", { name: word("Acquire") }).click());
  await page.getByLabel(word("CodeLabel"), { exact: true }).fill("000000");
  await page.getByRole("button", { name: word("Next"), exact: true }).click();
  const refused = page.locator("#ezr-code-error");
  await expect(refused).toContainText("4");
  await page.locator("details.ezr-help summary").click();
  await switchTo(page, "de");
  await expect(refused).toContainText("4");
  await expectNoEnglish(page, "de");
  await switchTo(page, "en");

  await page.getByLabel(word("CodeLabel"), { exact: true }).fill(await backend.codeFor("europe", "bruno@example.com"));
  await page.getByRole("button", { name: word("Next"), exact: true }).click();
  await page.getByLabel(word("NewPassword"), { exact: true }).fill("short");
  await page.getByLabel(word("ConfirmPassword"), { exact: true }).fill("shorter");
  await page.getByRole("button", { name: word("Confirm"), exact: true }).click();
  await expect(page.getByText(word("Mismatch"))).toBeVisible();
  await switchTo(page, "de");
  await expect(page.getByText(app("de").get("Mismatch")!)).toBeVisible();
  await expectNoEnglish(page, "de");
  await switchTo(page, "en");

  await page.getByLabel(word("NewPassword"), { exact: true }).fill("Alpine meadow 42");
  await page.getByLabel(word("ConfirmPassword"), { exact: true }).fill("Alpine meadow 42");
  await page.getByRole("button", { name: word("Confirm"), exact: true }).click();
  await expect(page.getByText(word("SuccessTitle"))).toBeVisible();
  await switchTo(page, "de");
  await expectNoEnglish(page, "de");
  expect(consoleErrors).toEqual([]);
});
