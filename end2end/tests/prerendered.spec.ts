// Step 1 arrives with the page, in the visitor's language, usable before the module runs; the
// app takes its place without losing what was typed or moving anything.
import type { Page, Route } from "@playwright/test";
import { appRunning, expect, test, wording as catalog, type Site } from "./support";

const LANGUAGES = ["en", "zh-CN", "es", "pt-BR", "fr", "de", "it", "ru", "pl", "tr", "ar", "th"];

/** Holds the module back until `release()`, so that the page is all there is. */
async function holdModule(page: Page): Promise<() => void> {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/_bg\.wasm$/, async (route: Route) => {
    await held;
    await route.continue();
  });
  return release;
}

/** Every layout shift the page reports, from its first paint. */
async function recordShifts(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const shifts: number[] = [];
    (window as unknown as { shifts: number[] }).shifts = shifts;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) shifts.push((entry as unknown as { value: number }).value);
    }).observe({ type: "layout-shift", buffered: true });
  });
}

/** What step 1 shows, for comparing the page's own with the app's: each visible text with its
 * box, and the field's attributes. */
async function stepOne(page: Page): Promise<{ texts: string[]; boxes: string[] }> {
  return page.evaluate(() => {
    const main = document.querySelector("main")!;
    const texts: string[] = [];
    const boxes: string[] = [];
    for (const element of main.querySelectorAll("h1, h2, label, legend, span, a, button, summary, li, p, input, select")) {
      // What the person cannot see: the page's note for a browser without the module, and
      // folded help, whose boxes the browser does not always lay out.
      if (element.closest(".ezr-without-module")) continue;
      if (element.closest("details:not([open])") && !element.closest("summary")) continue;
      const box = element.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      const text = element instanceof HTMLInputElement ? `input ${element.type} ${element.name} ${element.checked}` : (element.textContent ?? "").trim();
      texts.push(`${element.tagName} ${text}`);
      boxes.push(`${element.tagName} ${text} ${Math.round(box.x)},${Math.round(box.y)} ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
    return { texts, boxes };
  });
}

for (const tag of LANGUAGES) {
  test(`step 1 in ${tag} arrives with the page and is what the app then draws`, async ({ page, backend, consoleErrors }) => {
    const words = catalog(tag);
    const release = await holdModule(page);
    await page.goto(`${backend.url}/?lang=${tag}&region=europe`);
    await expect(page.locator("html")).toHaveAttribute("lang", tag);
    await expect(page.locator("html")).toHaveAttribute("dir", tag === "ar" ? "rtl" : "ltr");
    await expect(page).toHaveTitle(words.get("DocumentTitle")!);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(words.get("AppTitle")!);
    await expect(page.getByRole("combobox", { name: words.get("LanguageLabel")! })).toHaveValue(tag);
    await expect(page.getByRole("radio", { name: words.get("RegionEurope")! })).toBeChecked();
    await expect(page.getByLabel(words.get("EmailLabel")!, { exact: true })).toBeEditable();
    await expect(page.getByRole("link", { name: words.get("UsePhone")! })).toBeVisible();
    await expect(page.getByRole("button", { name: words.get("Acquire")! })).toBeVisible();
    await expect(page.getByRole("link", { name: words.get("LoginLink")! })).toHaveAttribute("href", "https://eu.ezcloud.uniview.com/login");
    await expect(page.getByText(words.get("HelpTitle")!, { exact: true })).toBeVisible();
    const arrived = await stepOne(page);
    release();
    await appRunning(page);
    await expect(page.locator("main")).toHaveAttribute("lang", tag);
    const drawn = await stepOne(page);
    expect(drawn.texts).toEqual(arrived.texts);
    expect(drawn.boxes).toEqual(arrived.boxes);
    expect(consoleErrors).toEqual([]);
  });
}

for (const [tag, typedFirst, typedAfter] of [
  ["en", "bruno@exa", "mple.com"],
  ["ar", "bruno@exa", "mple.com"],
]) {
  test(`what is typed before the module arrives stays, with focus and caret, in ${tag}`, async ({ page, backend, consoleErrors }) => {
    const words = catalog(tag);
    await recordShifts(page);
    const release = await holdModule(page);
    await page.goto(`${backend.url}/?lang=${tag}`);
    // Nothing suggests a region in the address: the person picks one before the app runs.
    await page.getByRole("radio", { name: words.get("RegionEurope")! }).check();
    const field = page.getByLabel(words.get("EmailLabel")!, { exact: true });
    await field.click();
    await page.keyboard.type(typedFirst);
    // The Acquire of the page alone does nothing: no navigation, nothing lost.
    await page.getByRole("button", { name: words.get("Acquire")! }).click();
    await expect(page.locator("main[data-prerendered]")).toHaveCount(1);
    await field.focus();
    await page.keyboard.press("End");
    release();
    await appRunning(page);
    // Typing goes on where it was, in the app's own field now.
    await page.keyboard.type(typedAfter);
    await expect(field).toHaveValue(typedFirst + typedAfter);
    await expect(field).toBeFocused();
    await expect(page.getByRole("radio", { name: words.get("RegionEurope")! })).toBeChecked();
    await expect(page.getByRole("link", { name: words.get("LoginLink")! })).toHaveAttribute("href", "https://eu.ezcloud.uniview.com/login");
    const shifts = await page.evaluate(() => (window as unknown as { shifts: number[] }).shifts);
    expect(shifts).toEqual([]);
    // The region picked on the page's own step 1 is remembered, as one picked in the app is.
    const nextVisit = await page.context().newPage();
    await nextVisit.goto(`${backend.url}/?lang=${tag}`);
    await appRunning(nextVisit);
    await expect(nextVisit.getByRole("radio", { name: words.get("RegionEurope")! })).toBeChecked();
    expect(consoleErrors).toEqual([]);
  });
}

// The app's settings and its words load side by side; whichever arrives last, the app takes
// the page's place once, with what was typed.
for (const last of ["settings", "words"]) {
  test(`the app takes over when its ${last} arrive last`, async ({ page, backend, consoleErrors }) => {
    const [late, early] = last === "settings" ? [/\/config\.json$/, /\/lang\/[^/]+\.txt$/] : [/\/lang\/[^/]+\.txt$/, /\/config\.json$/];
    const earlyArrived = page.waitForResponse(early).then((response) => response.finished());
    await page.route(late, async (route) => {
      await earlyArrived;
      // Time for the app to read what arrived, so that the other load is the last by far.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await route.continue();
    });
    const release = await holdModule(page);
    await page.goto(`${backend.url}/?region=europe`);
    await page.getByLabel(catalog("en").get("EmailLabel")!, { exact: true }).fill("bruno@example.com");
    release();
    await appRunning(page);
    await expect(page.getByLabel(catalog("en").get("EmailLabel")!, { exact: true })).toHaveValue("bruno@example.com");
    await expect(page.locator("main")).toHaveCount(1);
    expect(consoleErrors).toEqual([]);
  });
}

// On a plain first visit the module waits for the person: the page it arrived with is all they
// need until they first click, type or pick, so nothing blocks the page meanwhile.
test("on a first visit the app starts at the first touch, and an Acquire pressed before it goes on", async ({ page, backend, consoleErrors }) => {
  const words = catalog("en");
  await page.goto(`${backend.url}/?region=europe`);
  await page.waitForFunction(() => "wasmBindings" in window);
  // The module runs: the note for browsers without it goes, and the app waits.
  await expect(page.locator(".ezr-without-module")).toHaveCount(0);
  await page.waitForTimeout(300);
  await expect(page.locator("main[data-prerendered]")).toHaveCount(1);
  // An address the browser filled in (no keystroke), then Acquire: the click starts the app,
  // which takes the address and goes on to the check.
  await page.locator("#ezr-account").evaluate((field: HTMLInputElement) => (field.value = "bruno@example.com"));
  await page.getByRole("button", { name: words.get("Acquire")! }).click();
  await expect(page.getByRole("slider")).toBeVisible();
  await expect(page.locator("main[data-prerendered]")).toHaveCount(0);
  await expect(page.getByLabel(words.get("EmailLabel")!, { exact: true })).toHaveValue("bruno@example.com");
  expect(consoleErrors).toEqual([]);
});

// The link to the phone number is the first thing a phone's owner touches: once the module runs,
// it switches the channel in place, where the page's own link would load a new page without the
// region the address named.
test("a switch to the phone number before the app has started keeps the region and opens the phone field", async ({ page, backend, consoleErrors }) => {
  const words = catalog("en");
  await page.goto(`${backend.url}/?region=asia-pacific`);
  await page.waitForFunction(() => "wasmBindings" in window);
  await expect(page.locator(".ezr-without-module")).toHaveCount(0);
  await expect(page.locator("main[data-prerendered]")).toHaveCount(1);
  await page.evaluate(() => ((window as unknown as { samePage: boolean }).samePage = true));
  await page.getByRole("link", { name: words.get("UsePhone")! }).click();
  await expect(page.getByLabel(words.get("PhoneLabel")!, { exact: true })).toBeVisible();
  await expect(page.locator("main[data-prerendered]")).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage)).toBe(true);
  expect(new URL(page.url()).search).toBe("?region=asia-pacific");
  await expect(page.getByRole("radio", { name: words.get("RegionAsiaPacific")! })).toBeChecked();
  expect(consoleErrors).toEqual([]);
});

// A return visit, a link that asks for more than a region and a language, or a frame: the page
// the app will draw differs from the one that arrived, so the app starts at once.
for (const query of ["region=europe&channel=sms", "region=europe&color-scheme=dark"]) {
  test(`with ${query} the app starts at once`, async ({ page, backend }) => {
    await page.goto(`${backend.url}/?${query}`);
    await expect(page.locator("main[data-prerendered]")).toHaveCount(0);
    await expect(page.locator("main.ezr-app")).toHaveCount(1);
  });
}

test("a language picked before the module arrives is the one the app shows", async ({ page, backend }) => {
  const release = await holdModule(page);
  await page.goto(`${backend.url}/?region=europe`);
  await page.getByRole("combobox", { name: "Language" }).selectOption("de");
  release();
  await appRunning(page);
  await expect(page.locator("main")).toHaveAttribute("lang", "de");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(catalog("de").get("AppTitle")!);
});

/** The language of the page `site` answers for `query` and `Accept-Language`, and its `Vary`. */
async function pageLanguage(site: Site, query: string, acceptLanguage?: string): Promise<{ lang: string | undefined; vary: string }> {
  const answer = await fetch(`${site.url}/${query}`, { headers: acceptLanguage ? { "accept-language": acceptLanguage } : {} });
  expect(answer.status).toBe(200);
  const html = await answer.text();
  return { lang: /<html lang="([^"]+)"/.exec(html)?.[1], vary: answer.headers.get("vary") ?? "" };
}

test("the page is in the query's language, else Accept-Language's, else English @deployed", async ({ site }) => {
  expect(await pageLanguage(site, "?lang=ar", "de-DE,de;q=0.9")).toMatchObject({ lang: "ar" });
  expect(await pageLanguage(site, "", "de-DE,de;q=0.9,en;q=0.5")).toMatchObject({ lang: "de" });
  expect(await pageLanguage(site, "", "pt-BR,pt;q=0.9")).toMatchObject({ lang: "pt-BR" });
  expect(await pageLanguage(site, "", "zh-CN")).toMatchObject({ lang: "zh-CN" });
  expect(await pageLanguage(site, "", "nl-NL")).toMatchObject({ lang: "en" });
  expect(await pageLanguage(site, "")).toMatchObject({ lang: "en" });
  const { vary } = await pageLanguage(site, "", "fr");
  expect(vary.toLowerCase()).toContain("accept-language");
  // Step 1 by phone is not rendered ahead: the plain page, which the app draws.
  const byPhone = await (await fetch(`${site.url}/?lang=fr&channel=sms`)).text();
  expect(byPhone).not.toMatch(/<main[^>]* data-prerendered/);
  expect(byPhone).toContain("<body></body>");
  const csp = (await fetch(`${site.url}/?lang=th`)).headers.get("content-security-policy") ?? "";
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain("unsafe-inline");
});

test.describe("without scripts", () => {
  test.use({ javaScriptEnabled: false });

  test("the page still helps, and says it needs JavaScript", async ({ page, backend }) => {
    const words = catalog("fr");
    await page.goto(`${backend.url}/?lang=fr&region=europe`);
    await page.getByText(words.get("HelpTitle")!, { exact: true }).click();
    for (const key of ["HelpSpam", "HelpApp", "HelpSupport"]) await expect(page.getByText(words.get(key)!)).toBeVisible();
    await expect(page.getByRole("link", { name: words.get("HelpSupport")! })).toHaveAttribute("href", /uniview\.com/);
    // Kept out of sight for the seconds the module would take, then shown.
    await expect(page.getByText(words.get("NeedsScript")!)).toBeVisible({ timeout: 15_000 });
    for (const [key, host] of [["RegionAmericas", "os"], ["RegionEurope", "eu"], ["RegionAsiaPacific", "ap"]]) {
      await expect(page.locator(".ezr-without-module").getByRole("link", { name: words.get(key)! })).toHaveAttribute("href", `https://${host}.ezcloud.uniview.com/login`);
    }
    // The form's button does nothing harmful: the page stays, and so does what was typed.
    const url = page.url();
    await page.getByLabel(words.get("EmailLabel")!, { exact: true }).fill("bruno@example.com");
    await page.getByRole("button", { name: words.get("Acquire")! }).click();
    await page.waitForTimeout(500);
    expect(page.url()).toBe(url);
    await expect(page.getByLabel(words.get("EmailLabel")!, { exact: true })).toHaveValue("bruno@example.com");
  });
});
