// Ready time and keystroke-to-paint in each engine, measured the same way in all three over
// WebDriver, beside a static copy of step 1 served by the same server. Run by
// `cargo xtask bench`; it writes target/bench-engines-<engine>.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { WebDriver } from "selenium-webdriver";
import { besideStaticCopy, percentile, TYPED, typingFigures } from "../bench/measure";
import { expect, test } from "./fixtures";
import { Person } from "./person";

const RUNS = Number(process.env.BENCH_RUNS ?? "15");
const target = resolve(__dirname, "../../target");

/** Milliseconds from navigation until step 1's field is shown and takes typing (`visible`),
 * and until the app runs it, having replaced the page's own step 1 (`ready`), polled every
 * frame in the page itself: the page is asked for it as soon as it has a document. */
async function readyAt(driver: WebDriver, url: string): Promise<{ visible: number; ready: number }> {
  // The session waits for no load event (`pageLoadStrategy: "none"`), which comes after the
  // field is usable: the new document is asked as soon as it is there.
  await driver.get(url);
  await driver.wait(async () => (await driver.executeScript<string>("return location.href").catch(() => "")) === url, 10_000);
  return driver.executeAsyncScript<{ visible: number; ready: number }>(`const done = arguments[arguments.length - 1];
    let visible;
    const poll = () => {
      const field = document.querySelector("#ezr-account");
      const shown = field && !field.disabled;
      if (shown && visible === undefined) {
        visible = performance.now();
        // A first visit's app starts at the first touch of the page: this one comes the moment
        // step 1 is shown, focusing the field as a tap does, so that a module that arrives
        // after it starts the app at once.
        field.focus();
        field.dispatchEvent(new MouseEvent("click", { bubbles: true }));
      }
      if (shown && !document.querySelector("main[data-prerendered]")) done({ visible, ready: performance.now() });
      else requestAnimationFrame(poll);
    };
    poll();`);
}

/** Each keystroke's time from the key to the next paint, as the engine's Event Timing reports
 * it (keys under 16 ms go unreported, so they were faster), or null where the engine has no
 * Event Timing. */
async function typing(person: Person): Promise<ReturnType<typeof typingFigures> | null> {
  const supported = await person.driver.executeScript<boolean>(
    "return typeof PerformanceObserver !== 'undefined' && PerformanceObserver.supportedEntryTypes.includes('event')",
  );
  if (!supported) return null;
  await person.driver.executeScript(`const slow = []; window.slowKeys = slow;
    new PerformanceObserver((list) => { for (const entry of list.getEntries()) if (entry.name === "keydown") slow.push(entry.duration); })
      .observe({ type: "event", durationThreshold: 16 });`);
  for (let round = 0; round < TYPED.rounds; round++) {
    await person.fill("Email Address", "");
    // As the Playwright bench types.
    const keys = person.driver.actions();
    for (const key of TYPED.text) keys.keyDown(key).keyUp(key).pause(TYPED.delayMs);
    await keys.perform();
  }
  await new Promise((done) => setTimeout(done, 200));
  const slowKeys = await person.driver.executeScript<number[]>("return window.slowKeys");
  return typingFigures(slowKeys, TYPED.rounds * TYPED.text.length);
}

test("ready time and keystroke-to-paint", async ({ site, host, server: driverServer }, info) => {
  test.setTimeout(900_000);
  /** A new session (an empty cache, as a first visit), closed after `use`: these engines'
   * drivers hold one session at a time. */
  const session = async <T>(use: (driver: WebDriver) => Promise<T>, capabilities: Record<string, unknown> = {}): Promise<T> => {
    const driver = await driverServer.session(capabilities);
    try {
      return await use(driver);
    } finally {
      await driver.quit();
    }
  };
  // Step 1 as the app renders it, for the static copy beside the app.
  const html = await session(async (driver) => {
    const person = new Person(driver, driverServer.engine, host);
    await person.open(`${site.url}/?region=europe`);
    return driver.executeScript<string>("return document.documentElement.outerHTML");
  });
  const { server, remove } = await besideStaticCopy(html);
  try {
    // Loads alternate between the app and the static copy, so both meet the machine's speed of each moment.
    const cold = (url: string) => session((driver) => readyAt(driver, url), { pageLoadStrategy: "none" });
    const app: number[] = [];
    const appVisible: number[] = [];
    const plain: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const load = await cold(`${server.url}/?region=europe`);
      app.push(load.ready);
      appVisible.push(load.visible);
      plain.push((await cold(`${server.url}/static-step-1.html`)).ready);
    }
    const appTyping = await session(async (driver) => {
      const person = new Person(driver, driverServer.engine, host);
      await person.open(`${server.url}/?region=europe`);
      return typing(person);
    });
    const engine = driverServer.engine;
    const figures = {
      engine,
      runs: RUNS,
      readyMs: { app: { median: percentile(app, 50), p95: percentile(app, 95) }, staticCopy: { median: percentile(plain, 50), p95: percentile(plain, 95) } },
      visibleMs: { app: { median: percentile(appVisible, 50), p95: percentile(appVisible, 95) } },
      keystrokeToPaintMs: appTyping,
      missing: appTyping === null ? "Event Timing (PerformanceEventTiming)" : null,
    };
    mkdirSync(target, { recursive: true });
    writeFileSync(join(target, `bench-engines-${engine}.json`), JSON.stringify(figures, null, 2));
    const typed = appTyping === null ? "not measurable: no Event Timing" : `${appTyping.over16} of ${appTyping.keystrokes} keys at 16 ms or more, p95 ${appTyping.p95 === null ? "under 16 ms" : `${appTyping.p95.toFixed(0)} ms`}`;
    console.log(`${engine}: step 1 visible ${figures.visibleMs.app.median.toFixed(0)} ms, ready ${figures.readyMs.app.median.toFixed(0)} ms (p95 ${figures.readyMs.app.p95.toFixed(0)}), static copy ${figures.readyMs.staticCopy.median.toFixed(0)} ms; keystroke to paint ${typed}`);
    expect(app.length, info.title).toBe(RUNS);
  } finally {
    await remove();
  }
});
