// The app embedded in a support page of another origin: the host page on http://localhost,
// the app on http://127.0.0.1, as the vendor's site and the reset service will be.
import { chromium, type Frame, type Page, type TestInfo } from "@playwright/test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Backend, Deployment, appRunning, deployed, expect, snap, solvePuzzle, test, type Site } from "./support";

type Embedded = { backend: Site; host: string };

/** A backend that serves the demo support page on a second port and lets that origin embed it;
 * in the deployed shape, the bundle on nginx embedded by the support page of its deployment. */
async function withHost(allowed?: string): Promise<Embedded> {
  if (deployed()) {
    const deployment = await Deployment.start();
    return { backend: deployment, host: deployment.supportPage };
  }
  return Backend.withSupportPage(allowed);
}

/** Records, on the host and in every frame, the widget's events and any CSP violation. */
async function record(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: unknown[] = [];
    const violations: string[] = [];
    Object.assign(window, { __seen: seen, __violations: violations });
    for (const name of ["ready", "step", "complete"]) {
      document.addEventListener(`ezcloud-reset:${name}`, (event) => seen.push([name, (event as CustomEvent).detail]));
    }
    // Pointer moves that reached this document, for `snapEmbedded`.
    Object.assign(window, { __pointer: 0 });
    document.addEventListener("pointermove", () => ((window as unknown as { __pointer: number }).__pointer += 1), true);
    document.addEventListener("securitypolicyviolation", (event) => violations.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
}

async function events(page: Page): Promise<Array<[string, Record<string, unknown>]>> {
  return page.evaluate(() => (window as unknown as { __seen: Array<[string, Record<string, unknown>]> }).__seen);
}

async function violations(scope: Page | Frame): Promise<string[]> {
  return scope.evaluate(() => (window as unknown as { __violations?: string[] }).__violations ?? []);
}

/** The app's frame inside the element's shadow root, once the app runs in it: a click on the
 * step 1 the frame arrived with, before the module takes its place, does nothing, and the host's
 * "ready" comes a moment before that. */
async function appFrame(page: Page, backend: Site): Promise<Frame> {
  for (let i = 0; i < 100; i++) {
    const frame = page.frames().find((f) => f.url().startsWith(backend.url));
    if (frame) {
      await appRunning(frame);
      return frame;
    }
    await page.waitForTimeout(50);
  }
  throw new Error("the app's frame never appeared");
}

/** The element's height on the host equals the app's content height, and the frame does not scroll. */
async function expectFitted(page: Page, frame: Frame): Promise<void> {
  await expect
    .poll(async () => {
      const outside = await page.evaluate(() => document.querySelector("ezcloud-reset")!.clientHeight);
      const inside = await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
      return Math.abs(outside - inside);
    })
    .toBeLessThanOrEqual(1);
  const scrolls = await frame.evaluate(() => document.documentElement.scrollHeight > window.innerHeight + 1);
  expect(scrolls, "the frame scrolls").toBe(false);
}

/** A screenshot of the whole host page with the frame in view: Chromium's capture of a page
 * taller than the window left part of a cross-origin frame scrolled out of view unpainted, a
 * white band where the title was (the DOM had the title there; a person never saw it).
 * The capture resizes the window and back, and for a moment after it Chromium sent a click at
 * the frame's place to the host page's `<ezcloud-reset>` instead of into the frame (1 in 40
 * whole resets: the phone link, Acquire or Next, always the first click after a capture; the
 * frame's own listeners saw nothing). So it waits until the pointer reaches the frame again. */
async function snapEmbedded(page: Page, info: TestInfo, name: string): Promise<void> {
  const element = page.locator("ezcloud-reset");
  await element.scrollIntoViewIfNeeded();
  await snap(page, info, name);
  const frame = page.frames().find((candidate) => candidate !== page.mainFrame())!;
  const before = await frame.evaluate(() => (window as unknown as { __pointer: number }).__pointer);
  const box = (await element.boundingBox())!;
  let step = 0;
  await expect
    .poll(async () => {
      step += 1;
      // A pixel's scroll and back has the host page lay the frame out anew.
      await page.evaluate((by) => window.scrollBy(0, by), step % 2 ? 1 : -1);
      await page.mouse.move(box.x + 4 + (step % 2), box.y + 4);
      return frame.evaluate(() => (window as unknown as { __pointer: number }).__pointer);
    })
    .toBeGreaterThan(before);
}

async function wholeReset(page: Page, info: TestInfo, embedded: Embedded, channel: "email" | "sms"): Promise<void> {
  const { backend, host } = embedded;
  await record(page);
  await page.goto(`${host}/`);
  await expect(page.getByRole("heading", { name: "How to Reset the Password of My UNV-Link Account?" })).toBeVisible();
  const frame = await appFrame(page, backend);
  await expect(frame.getByRole("group", { name: "Region" })).toBeVisible();
  await expect.poll(async () => (await events(page)).map(([name]) => name)).toContain("ready");
  await expectFitted(page, frame);
  await snapEmbedded(page, info, `embedded-${channel}-1`);

  const account = channel === "email" ? "bruno@example.com" : "+4915112345678";
  if (channel === "sms") {
    await frame.getByRole("link", { name: "Use mobile phone number to retrieve password" }).click();
    await frame.getByLabel("Country/Region").selectOption("DE");
    await frame.getByLabel("Mobile Phone Number", { exact: true }).fill("0151 12345678");
  } else {
    await frame.getByLabel("Email Address", { exact: true }).fill(account);
  }
  await solvePuzzle(page, backend, "europe", () => frame.getByRole("button", { name: "Acquire" }).click(), frame);
  await expect(frame.getByText(/Please enter the verification code sent to/)).toBeVisible();
  await expectFitted(page, frame);
  await snapEmbedded(page, info, `embedded-${channel}-2`);

  const code = await backend.codeFor("europe", account);
  await frame.getByLabel("Verification Code", { exact: true }).fill(code);
  await frame.getByRole("button", { name: "Next" }).click();
  await expect(frame.getByText("Please reset your password for account security.")).toBeVisible();
  await expectFitted(page, frame);
  await snapEmbedded(page, info, `embedded-${channel}-3`);

  await frame.getByLabel("New Password", { exact: true }).fill("Alpine meadow 42");
  await frame.getByLabel("Confirm Password", { exact: true }).fill("Alpine meadow 42");
  await frame.getByRole("button", { name: "Confirm", exact: true }).click();
  await expect(frame.getByText("Your password has been reset.")).toBeVisible();
  await expectFitted(page, frame);
  await snapEmbedded(page, info, `embedded-${channel}-4`);

  await expect.poll(async () => (await events(page)).map(([name]) => name)).toContain("complete");
  const seen = await events(page);
  const order = seen.map(([name, detail]) => (name === "step" ? `step ${detail.step}` : name));
  const wanted = ["ready", "step 2", "step 3", "step 4", "complete"];
  expect(order.filter((entry) => wanted.includes(entry)), JSON.stringify(seen)).toEqual(wanted);
  expect(seen.find(([name]) => name === "complete")?.[1]).toEqual({ region: "europe" });
  const said = JSON.stringify(seen);
  for (const secret of [account, "bruno", code, "****", "151"]) expect(said).not.toContain(secret);
  expect(await violations(page), "CSP violations on the host").toEqual([]);
  expect(await violations(frame), "CSP violations in the frame").toEqual([]);
}

test("a whole reset by email inside <ezcloud-reset> on another origin @screens @deployed", async ({ page, consoleErrors }, info) => {
  const embedded = await withHost();
  try {
    await wholeReset(page, info, embedded, "email");
  } finally {
    await embedded.backend.stop();
  }
  expect(consoleErrors).toEqual([]);
});

test("a whole reset by phone inside <ezcloud-reset> @deployed", async ({ page, consoleErrors }, info) => {
  const embedded = await withHost();
  try {
    await wholeReset(page, info, embedded, "sms");
  } finally {
    await embedded.backend.stop();
  }
  expect(consoleErrors).toEqual([]);
});

test("the host's attributes apply live, and forged messages change nothing", async ({ page, consoleErrors }) => {
  const { backend, host } = await withHost();
  try {
    await record(page);
    await page.goto(`${host}/`);
    const frame = await appFrame(page, backend);
    const acquire = frame.getByRole("button", { name: "Acquire" });
    await expect(acquire).toBeVisible();
    await expect.poll(async () => (await events(page)).map(([name]) => name)).toContain("ready");

    await page.evaluate(() => document.querySelector("ezcloud-reset")!.setAttribute("accent-color", "#c0392b"));
    await expect(acquire).toHaveCSS("background-color", "rgb(192, 57, 43)");
    await page.evaluate(() => document.querySelector("ezcloud-reset")!.setAttribute("accent-color", "red; background: url(//x)"));
    await page.waitForTimeout(200);
    await expect(acquire).toHaveCSS("background-color", "rgb(192, 57, 43)");

    await page.evaluate(() => document.querySelector("ezcloud-reset")!.setAttribute("lang", "de"));
    await expect(frame.getByRole("heading", { name: "Passwort per E-Mail zurücksetzen" })).toBeVisible();
    await expect(frame.locator("main")).toHaveAttribute("lang", "de");
    await expect(frame.getByLabel("Sprache")).toHaveCount(0);
    await expectFitted(page, frame);

    // From the app's own origin but not its host's window, and from the host's origin but not the app's.
    await frame.evaluate(() => window.postMessage({ type: "ezcloud-reset:set", name: "lang", value: "fr" }, "*"));
    await page.evaluate(() => window.postMessage({ type: "ezcloud-reset:step", step: 3, channel: "email" }, "*"));
    await page.waitForTimeout(300);
    await expect(frame.locator("main")).toHaveAttribute("lang", "de");
    expect((await events(page)).filter(([name, detail]) => name === "step" && detail.step === 3)).toEqual([]);

    // The app's frame is the one list of steps: a fifth one it reports passes, a step that is
    // not a whole number does not.
    for (const step of [5, 2.5, "2"]) {
      await frame.evaluate((step) => window.parent.postMessage({ type: "ezcloud-reset:step", step, channel: "sms" }, "*"), step);
    }
    await expect.poll(async () => (await events(page)).filter(([name]) => name === "step").map(([, detail]) => detail)).toContainEqual({ step: 5, channel: "sms" });
    expect((await events(page)).filter(([name, detail]) => name === "step" && detail.step !== 1 && detail.step !== 5)).toEqual([]);
    expect(await violations(page)).toEqual([]);
  } finally {
    await backend.stop();
  }
  expect(consoleErrors).toEqual([]);
});

test("Tab moves into the frame and back out in the page's order", async ({ page, consoleErrors }) => {
  const { backend, host } = await withHost();
  try {
    await page.goto(`${host}/`);
    const frame = await appFrame(page, backend);
    await expect(frame.getByRole("button", { name: "Acquire" })).toBeVisible();
    const before = page.getByRole("link", { name: "Asia-Pacific" });
    await before.focus();
    await page.keyboard.press("Tab");
    await expect.poll(() => frame.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe("europe");
    await page.keyboard.press("Shift+Tab");
    await expect(before).toBeFocused();
  } finally {
    await backend.stop();
  }
  expect(consoleErrors).toEqual([]);
});

// The frame keeps its step in its own sessionStorage, partitioned under the host. A test
// context is like a private window, where Chromium blocks storage in third-party frames
// outright (the app then works without it, as the tests above show); this test uses a
// profile with Chromium's regular-window setting, which allows it.
test("a reload of the host page mid-flow returns to the same step", async ({ consoleErrors }) => {
  const { backend, host } = await withHost();
  const profile = mkdtempSync(join(tmpdir(), "ezcloud-profile-"));
  mkdirSync(join(profile, "Default"));
  writeFileSync(
    join(profile, "Default", "Preferences"),
    JSON.stringify({ profile: { cookie_controls_mode: 0, block_third_party_cookies: false } }),
  );
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
  try {
    const page = await context.newPage();
    page.on("pageerror", (error) => consoleErrors.push(error.message));
    await page.goto(`${host}/`);
    let frame = await appFrame(page, backend);
    await frame.getByLabel("Email Address", { exact: true }).fill("bruno@example.com");
    await solvePuzzle(page, backend, "europe", () => frame.getByRole("button", { name: "Acquire" }).click(), frame);
    await expect(frame.getByText("Please enter the verification code sent to bru****.com.")).toBeVisible();
    await page.reload();
    frame = await appFrame(page, backend);
    await expect(frame.getByText("Please enter the verification code sent to bru****.com.")).toBeVisible();
    await expect(frame.locator('[aria-current="step"]')).toContainText("Verify Identity");
  } finally {
    await context.close();
    await backend.stop();
    rmSync(profile, { recursive: true, force: true });
  }
  expect(consoleErrors).toEqual([]);
});

// A test context is like a private window: Chromium denies a third-party frame its storage.
test("where the frame's storage is denied, the first click asks for it, once, and the reset goes on", async ({ page, consoleErrors }) => {
  const { backend, host } = await withHost();
  try {
    await page.addInitScript(() => {
      const asked: string[] = [];
      Object.assign(window, { __storageAsked: asked });
      const request = Document.prototype.requestStorageAccess;
      Document.prototype.requestStorageAccess = function (this: Document) {
        asked.push(location.origin);
        return request.call(this);
      };
    });
    await page.goto(`${host}/`);
    const frame = await appFrame(page, backend);
    const asked = () => frame.evaluate(() => (window as unknown as { __storageAsked: string[] }).__storageAsked);
    const denied = await frame.evaluate(() => {
      try {
        return sessionStorage === null;
      } catch {
        return true;
      }
    });
    expect(denied, "the frame's storage is denied in this context").toBe(true);
    await expect(frame.getByLabel("Email Address", { exact: true })).toBeVisible();
    expect(await asked(), "nothing is asked before a click").toEqual([]);
    await frame.getByLabel("Email Address", { exact: true }).click();
    await expect.poll(asked).toEqual([backend.url]);
    await frame.getByLabel("Email Address", { exact: true }).fill("bruno@example.com");
    await solvePuzzle(page, backend, "europe", () => frame.getByRole("button", { name: "Acquire" }).click(), frame);
    await expect(frame.getByText("Please enter the verification code sent to bru****.com.")).toBeVisible();
    expect(await asked(), "asked once").toHaveLength(1);
  } finally {
    await backend.stop();
  }
  expect(consoleErrors).toEqual([]);
});

test("a page whose origin is not in the list cannot frame the app", async ({ page }) => {
  const { backend, host } = await withHost("http://localhost:1");
  try {
    await record(page);
    const blocked: string[] = [];
    page.on("console", (message) => message.text().includes("frame-ancestors") && blocked.push(message.text()));
    await page.goto(`${host}/`);
    await page.waitForTimeout(1500);
    expect(await events(page)).toEqual([]);
    const app = page.frames().find((f) => f.url().startsWith(backend.url));
    const shown = app ? await app.locator("main").count().catch(() => 0) : 0;
    expect(shown, "the app rendered inside a foreign page").toBe(0);
    expect(blocked.length, "the browser refused the frame by frame-ancestors").toBeGreaterThan(0);
  } finally {
    await backend.stop();
  }
});
