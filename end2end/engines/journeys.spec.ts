// Each journey once, run in Chromium, Firefox and WebKit (engines.config.ts): a person
// resetting a password, over WebDriver, against the real reference server.
import { demoPassword, wording, type Site } from "../tests/servers";
import { expect, test } from "./fixtures";
import { By, Key, type Person } from "./person";

/** The app's sentence `key` in the language `tag`. */
const say = (tag: string, key: string) => {
  const text = wording(tag).get(key);
  if (text === undefined) throw new Error(`${tag}.txt has no ${key}`);
  return text;
};
const en = (key: string) => say("en", key);

/** Whether the region `name` is the one picked. */
async function picked(person: Person, name: string): Promise<boolean> {
  return (await person.field(name)).isSelected();
}

/** Steps 2 to 4 once a code went to `to` in `region`: the code, the new password, the success. */
async function finishReset(person: Person, site: Site, region: string, to: string, password: string, tag = "en"): Promise<void> {
  await person.fill(say(tag, "CodeLabel"), await site.codeFor(region, to));
  await person.press(say(tag, "Next"));
  await person.onStep(3, say(tag, "StepReset"));
  await person.fill(say(tag, "NewPassword"), password);
  await person.fill(say(tag, "ConfirmPassword"), password);
  await person.press(say(tag, "Confirm"));
  await person.onStep(4, say(tag, "StepSucceed"));
  await person.reads(say(tag, "SuccessTitle"));
  expect((await site.login(region, to, password)).code).toBe(200);
  expect((await site.login(region, to, demoPassword)).code).not.toBe(200);
}

test("a whole reset by email in Europe", async ({ person, site }) => {
  await person.open(`${site.url}/?region=europe`);
  await person.onStep(1, en("StepEnterEmail"));
  expect(await picked(person, "Europe")).toBe(true);
  await person.screenshot("1-enter-email");
  await person.fill(en("EmailLabel"), "bruno@example.com");
  await person.press(en("Acquire"));
  await person.puzzle();
  // A native modal <dialog>: the page behind it is inert.
  const modal = "const dialog = document.querySelector('dialog'); return !!dialog && dialog.open && dialog.matches(':modal')";
  expect(await person.driver.executeScript(modal), "the puzzle is a modal dialog").toBe(true);
  await person.screenshot("1b-puzzle");
  await person.solvePuzzle(site, "europe");
  await person.onStep(2, en("StepVerify"));
  await person.reads("Please enter the verification code sent to bru****.com.");
  await person.screenshot("2-verify-identity");
  await person.fill(en("CodeLabel"), await site.codeFor("europe", "bruno@example.com"));
  await person.press(en("Next"));
  await person.onStep(3, en("StepReset"));
  await person.fill(en("NewPassword"), "Alpine meadow 42");
  await person.fill(en("ConfirmPassword"), "Alpine meadow 4");
  await person.press(en("Confirm"));
  await person.reads("The passwords do not match.");
  await person.screenshot("3-reset-password");
  await person.fill(en("ConfirmPassword"), "Alpine meadow 42");
  await person.press(en("Confirm"));
  await person.onStep(4, en("StepSucceed"));
  expect(await (await person.link(en("GoToLogin"))).getAttribute("href")).toBe("https://eu.ezcloud.uniview.com/login");
  await person.screenshot("4-succeed");
  expect((await site.login("europe", "bruno@example.com", "Alpine meadow 42")).code).toBe(200);
});

test("a whole reset by phone in Asia-Pacific, on a phone's screen", async ({ person, site }) => {
  await person.viewport(390, 844);
  await person.open(`${site.url}/?region=asia-pacific`);
  await (await person.link("Use mobile phone number to retrieve password")).click();
  await person.onStep(1, en("StepEnterPhone"));
  await person.choose("Country/Region", "SG");
  await person.fill("Mobile Phone Number", "9123 45");
  await person.keys(Key.TAB);
  await person.reads("This number is too short (Singapore)");
  await person.screenshot("1-enter-phone");
  await person.fill("Mobile Phone Number", "9123 4567");
  await person.press(en("Acquire"));
  await person.puzzle();
  await person.screenshot("1b-puzzle");
  await person.solvePuzzle(site, "asia-pacific");
  await person.reads("Please enter the verification code sent to +65 ****4567.");
  await person.screenshot("2-verify-identity");
  await person.fill(en("CodeLabel"), await site.codeFor("asia-pacific", "+6591234567"));
  await person.press(en("Next"));
  await person.onStep(3, en("StepReset"));
  await person.fill(en("NewPassword"), "Harbour lights 77");
  await person.fill(en("ConfirmPassword"), "Harbour lights 77");
  await person.screenshot("3-reset-password");
  await person.press(en("Confirm"));
  await person.onStep(4, en("StepSucceed"));
  await person.screenshot("4-succeed");
  const sideways: boolean = await person.driver.executeScript("return document.documentElement.scrollWidth > document.documentElement.clientWidth");
  expect(sideways, "the page scrolls sideways on a phone").toBe(false);
  expect((await site.login("asia-pacific", "+6591234567", "Harbour lights 77")).code).toBe(200);
});

test(`"I'm not sure" finds an account in America`, async ({ person, site }) => {
  await person.open(`${site.url}/?region=not-sure`);
  expect(await picked(person, en("RegionNotSure"))).toBe(true);
  await person.fill(en("EmailLabel"), "alice@example.com");
  await person.press(en("Acquire"));
  // One puzzle, from the first region; every region is then asked for a code.
  await person.solvePuzzle(site, "americas");
  await person.reads("Please enter the verification code sent to ali****.com.");
  for (const region of ["europe", "asia-pacific"]) {
    expect((await site.outbox(region)).filter((message) => message.to === "alice@example.com")).toEqual([]);
  }
  await finishReset(person, site, "americas", "alice@example.com", "Found it at last 42");
  await person.reads("Your account is in the America region.");
  expect(await (await person.link(en("GoToLogin"))).getAttribute("href")).toBe("https://os.ezcloud.uniview.com/login");
});

test("a whole reset by keyboard alone, through the slider", async ({ person, site }) => {
  await person.open(`${site.url}/?region=europe`);
  await person.tabUntil("the email field", async () => (await person.focused()) === "ezr-account");
  await person.keys(..."bruno@example.com");
  await person.tabUntil("Acquire", async () => (await person.focused("type")) === "submit");
  await person.keys(Key.ENTER);
  const { captchaId } = await person.puzzle();
  await person.tabUntil("the slider", async () => (await person.focused("role")) === "slider");
  await person.slideTo(await site.gapOf("europe", captchaId));
  await person.onStep(2, en("StepVerify"));
  await person.tabUntil("the code field", async () => (await person.focused()) === "ezr-code");
  await person.keys(...(await site.codeFor("europe", "bruno@example.com")), Key.ENTER);
  await person.onStep(3, en("StepReset"));
  await person.tabUntil("the new password", async () => (await person.focused()) === "ezr-new-password");
  await person.keys(..."Alpine meadow 42");
  await person.tabUntil("the confirmation", async () => (await person.focused()) === "ezr-confirm-password");
  await person.keys(..."Alpine meadow 42", Key.ENTER);
  await person.onStep(4, en("StepSucceed"));
  expect((await site.login("europe", "bruno@example.com", "Alpine meadow 42")).code).toBe(200);
});

test(`the puzzle by pointer: a tap on the track, then "Check"`, async ({ person, site }) => {
  await person.viewport(390, 844);
  await person.open(`${site.url}/?region=europe`);
  await person.fill(en("EmailLabel"), "bruno@example.com");
  await person.press(en("Acquire"));
  const puzzle = await person.puzzle();
  await person.tapTrack(await site.gapOf("europe", puzzle.captchaId), puzzle);
  await person.screenshot("1c-puzzle-tapped");
  await person.press(en("PuzzleCheck"));
  await person.onStep(2, en("StepVerify"));
  await finishReset(person, site, "europe", "bruno@example.com", "Tapped it in 5");
});

test("a whole reset through the accessible check", async ({ person, site }) => {
  await person.open(`${site.url}/?region=europe`);
  await person.fill(en("EmailLabel"), "bruno@example.com");
  await person.press(en("Acquire"));
  // A person sees the puzzle, then chooses the other check.
  await person.puzzle();
  await person.press(en("UseAccessibleCheck"));
  await person.screenshot("1c-accessible-check");
  // The proof of work at the shipped difficulty: its time varies from try to try.
  const started = Date.now();
  await person.onStep(2, en("StepVerify"), 90_000);
  console.log(`${person.engine}: the accessible check took ${Date.now() - started} ms to a code sent`);
  await finishReset(person, site, "europe", "bruno@example.com", "Proof of work 42");
});

test("coming back in the same tab: another account, then another region in another language", async ({ person, site }) => {
  await person.open(`${site.url}/?region=europe`);
  await person.fill(en("EmailLabel"), "bruno@example.com");
  await person.press(en("Acquire"));
  await person.solvePuzzle(site, "europe");
  await person.onStep(2, en("StepVerify"));
  await person.reads(say("en", "RegionIs").replace("{0}", en("RegionEurope")));
  await finishReset(person, site, "europe", "bruno@example.com", "Alpine meadow 42");
  await person.press(en("ResetAnother"));
  await person.onStep(1, en("StepEnterEmail"));
  expect(await (await person.field(en("EmailLabel"))).getAttribute("value")).toBe("");
  expect(await picked(person, "Europe")).toBe(true);
  // The finished reset gives way to an address that names another region, in its language.
  await person.open(`${site.url}/?region=americas&lang=de`);
  await person.onStep(1, say("de", "StepEnterEmail"));
  expect(await person.driver.findElement(By.css("main")).getAttribute("lang")).toBe("de");
  expect(await picked(person, say("de", "RegionAmericas"))).toBe(true);
});

test("a whole reset in Arabic, right to left", async ({ person, site }) => {
  await person.open(`${site.url}/?region=asia-pacific&lang=ar`);
  const main = await person.driver.findElement(By.css("main"));
  expect(await main.getAttribute("dir")).toBe("rtl");
  expect(await main.getAttribute("lang")).toBe("ar");
  const steps = await person.driver.findElements(By.css(".ezr-steps__item"));
  expect(steps).toHaveLength(4);
  expect((await steps[0].getRect()).x, "step 1 stands on the right").toBeGreaterThan((await steps[3].getRect()).x);
  await person.screenshot("ar-1-enter-email");
  await person.fill(say("ar", "EmailLabel"), "chen@example.com");
  await person.press(say("ar", "Acquire"));
  await person.solvePuzzle(site, "asia-pacific");
  await person.onStep(2, say("ar", "StepVerify"));
  const masked = await person.shown(By.css(".ezr-step__intro bdi[dir=ltr]"), "the masked address, left to right");
  expect(await masked.getText()).toContain("****");
  await person.screenshot("ar-2-verify-identity");
  await finishReset(person, site, "asia-pacific", "chen@example.com", "Alpine meadow 42", "ar");
  await person.screenshot("ar-4-succeed");
});

test("inside <ezcloud-reset> on another origin, with a reload of the host page on step 2", async ({ person, site, host }) => {
  const intoTheApp = async () => {
    await person.driver.switchTo().defaultContent();
    const element = await person.shown(By.css("ezcloud-reset"), "the <ezcloud-reset> element");
    // The frame is in the element's shadow root.
    const frame = await (await element.getShadowRoot()).findElement(By.css("iframe"));
    await person.driver.switchTo().frame(frame);
    await person.appRunning();
    await person.shown(By.css('[aria-current="step"]'), "the app in its frame");
  };
  // Tall enough for the whole support page: WebKitWebDriver clicks where an element inside a
  // frame is without scrolling the host page to it first.
  await person.viewport(1280, 1400);
  await person.driver.get(`${host}/`);
  await intoTheApp();
  const origin: string = await person.driver.executeScript("return location.origin");
  expect(origin).toBe(site.url);
  // Each engine's answer for a third-party frame's storage, for the README.
  const storage = await person.driver.executeAsyncScript<string>(`const done = arguments[arguments.length - 1];
    let usable;
    try { usable = sessionStorage.length >= 0; } catch { usable = false; }
    document.hasStorageAccess().then((full) => done((usable ? "usable" : "denied") + (full ? ", unpartitioned" : ", partitioned")), () => done("unknown"));`);
  console.log(`${person.engine}: the frame's storage on the support page is ${storage}`);
  await person.fill(en("EmailLabel"), "bruno@example.com");
  await person.press(en("Acquire"));
  await person.solvePuzzle(site, "europe");
  await person.reads("Please enter the verification code sent to bru****.com.");
  await person.driver.switchTo().defaultContent();
  await person.screenshot("embedded-2");

  await person.driver.navigate().refresh();
  await intoTheApp();
  await person.onStep(2, en("StepVerify"));
  await person.reads("Please enter the verification code sent to bru****.com.");
  await finishReset(person, site, "europe", "bruno@example.com", "Framed and fine 7");
});

test("step 1 in Chinese and in Thai, in their own scripts", async ({ person, site }) => {
  for (const tag of ["zh-CN", "th"]) {
    await person.open(`${site.url}/?region=asia-pacific&lang=${tag}`);
    expect(await person.driver.findElement(By.css("main")).getAttribute("lang")).toBe(tag);
    await person.reads(say(tag, "EmailLabel"));
    // Drawn with real glyphs, not boxes: the screenshots are there to look at.
    await person.screenshot(`${tag}-1-enter-email`);
  }
});
