// What a person does with the app, said once over WebDriver so that each journey reads the
// same in every engine: find a field by its label and a button by its name, type, press keys,
// tap, wait to read a sentence, and take a screenshot.
import { By, Key, until, type WebDriver, type WebElement } from "selenium-webdriver";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { screenshots, type Site } from "../tests/servers";
import type { EngineName } from "./engines";

/** How long a person waits for what they expect before the test says it never came. */
const PATIENCE_MS = 15_000;

/** XPath's string literal for `text`, quotes and all. */
function literal(text: string): string {
  if (!text.includes('"')) return `"${text}"`;
  if (!text.includes("'")) return `'${text}'`;
  return `concat(${text.split('"').map((part) => `"${part}"`).join(`, '"', `)})`;
}

export class Person {

  /** Set when the engine's window cannot be as narrow as asked (Firefox's stops at 500 CSS
   * pixels, MiniBrowser's at 447): the app then opens in a frame of exactly that size, whose
   * own viewport its media queries read, at the window's top left, on `framingPage` (a page
   * the app lets frame it). */
  private frame?: { width: number; height: number };

  /** `framingPage`: a page of an origin the app lets frame it. */
  constructor(readonly driver: WebDriver, readonly engine: EngineName, private readonly framingPage: string) {}

  /** Sizes the window so that the page's viewport is `width` x `height` CSS pixels, whatever
   * the engine's window adds around it. A new size reaches the page a moment after the driver
   * answers (Chromium on a busy machine read the old one), so each correction is made from a
   * viewport that has settled, until it is right or the engine will go no narrower. */
  async viewport(width: number, height: number): Promise<void> {
    const window = this.driver.manage().window();
    let reached = await this.settledViewport();
    for (let attempt = 0; attempt < 4 && (reached[0] !== width || reached[1] !== height); attempt++) {
      const rect = await window.getRect();
      await window.setRect({ width: rect.width + width - reached[0], height: rect.height + height - reached[1] });
      const before = reached;
      reached = await this.settledViewport(before);
      if (reached[0] === before[0] && reached[1] === before[1]) break;
    }
    if (reached[0] < width || reached[1] !== height) {
      throw new Error(`${this.engine}'s viewport is ${reached.join(" x ")}, not ${width} x ${height}`);
    }
    this.frame = reached[0] > width ? { width, height } : undefined;
  }

  /** The page's viewport once two reads 100 ms apart agree, and, given `before`, once it
   * differs from it or a second has passed. */
  private async settledViewport(before?: [number, number]): Promise<[number, number]> {
    const read = async (): Promise<[number, number]> => this.driver.executeScript("return [innerWidth, innerHeight]");
    const same = (a: [number, number], b?: [number, number]) => b !== undefined && a[0] === b[0] && a[1] === b[1];
    const started = Date.now();
    let last = await read();
    for (;;) {
      await this.driver.sleep(100);
      const now = await read();
      const moved = !same(now, before) || Date.now() - started > 1_000;
      if (same(now, last) && moved) return now;
      if (Date.now() - started > 3_000) return now;
      last = now;
    }
  }

  /** Opens `url` and waits until the app is interactive, in any language. */
  async open(url: string): Promise<void> {
    if (this.frame) {
      await this.driver.get(this.framingPage);
      const frame = await this.driver.executeScript<WebElement>(
        `const [url, width, height] = arguments;
         const frame = document.createElement("iframe");
         Object.assign(frame.style, { position: "fixed", top: "0", left: "0", border: "0", width: width + "px", height: height + "px" });
         frame.src = url;
         document.body.replaceChildren(frame);
         return frame;`,
        url, this.frame.width, this.frame.height,
      );
      await this.driver.switchTo().frame(frame);
      // The frame holds about:blank until its page arrives, and that page's own step 1 looks
      // like the app's: wait for it, or the page's links would be pressed instead of the app's.
      await this.driver.wait(
        async () => this.driver.executeScript<boolean>("return location.href !== 'about:blank' && document.readyState === 'complete'").catch(() => false),
        PATIENCE_MS,
        "the frame's page never loaded",
      );
    } else {
      await this.driver.get(url);
    }
    await this.appRunning();
    await this.driver.wait(until.elementIsEnabled(await this.driver.wait(until.elementLocated(By.css("#ezr-account")), PATIENCE_MS)), PATIENCE_MS);
  }

  /** Waits until the app has replaced the step 1 the page arrived with, in the document or
   * frame the session is in: a button pressed before then does nothing, and an element found
   * there goes stale. */
  async appRunning(): Promise<void> {
    await this.driver.wait(
      async () => {
        const arrived = await this.driver.findElements(By.css("main[data-prerendered] h1"));
        // On a plain first visit the app starts at the first touch of the page's own step 1
        // (`start_when_touched`): a click on its title, which does nothing else.
        if (arrived.length > 0) await arrived[0].click().catch(() => undefined);
        return arrived.length === 0;
      },
      PATIENCE_MS,
      "the app never took over",
    );
  }

  /** The first of `locator`'s elements that is shown, waiting for it. */
  async shown(locator: By, what: string): Promise<WebElement> {
    let found: WebElement | undefined;
    await this.driver.wait(async () => {
      for (const element of await this.driver.findElements(locator)) {
        if (await this.isShown(element)) {
          found = element;
          return true;
        }
      }
      return false;
    }, PATIENCE_MS, `${what} never showed`);
    return found!;
  }

  /** Whether `element` takes room on the page and is not hidden. WebDriver's own test
   * (Selenium's atom) answers no for every element of a frame inside a shadow root. */
  async isShown(element: WebElement): Promise<boolean> {
    const script = "const e = arguments[0]; return e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden'";
    return this.driver.executeScript<boolean>(script, element).catch(() => false);
  }

  /** The form control labelled `label`. */
  async field(label: string): Promise<WebElement> {
    const labelled = await this.shown(By.xpath(`//label[normalize-space(.)=${literal(label)}]`), `the label "${label}"`);
    const id = await labelled.getAttribute("for");
    return id ? this.driver.findElement(By.id(id)) : labelled.findElement(By.css("input, select"));
  }

  /** Types `text` into the field labelled `label`, replacing what it held. */
  async fill(label: string, text: string): Promise<void> {
    const field = await this.field(label);
    await field.clear();
    // A click, then keys to whatever has the focus: WebKitWebDriver refuses keys sent to an
    // element inside a frame ("not focusable").
    await field.click();
    await this.driver.actions().sendKeys(text).perform();
  }

  /** The button named `name` by its text or its accessible label. */
  async button(name: string): Promise<WebElement> {
    const quoted = literal(name);
    return this.shown(By.xpath(`//button[normalize-space(.)=${quoted} or @aria-label=${quoted}]`), `the button "${name}"`);
  }

  async press(name: string): Promise<void> {
    await (await this.button(name)).click();
  }

  async link(name: string): Promise<WebElement> {
    return this.shown(By.xpath(`//a[normalize-space(.)=${literal(name)}]`), `the link "${name}"`);
  }

  /** Picks the option of value `value` in the list labelled `label`. */
  async choose(label: string, value: string): Promise<void> {
    const list = await this.field(label);
    await list.findElement(By.css(`option[value=${JSON.stringify(value)}]`)).click();
  }

  /** Waits until the page shows `text`. */
  async reads(text: string): Promise<void> {
    let seen = "";
    await this.driver
      .wait(async () => (seen = await this.driver.executeScript<string>("return document.body.innerText")).includes(text), PATIENCE_MS)
      .catch(() => {
        throw new Error(`the page never read "${text}"; it read:\n${seen}`);
      });
  }

  /** Waits until the step indicator marks step `number`, named `name`. */
  async onStep(number: number, name: string, patience = PATIENCE_MS): Promise<void> {
    let seen = "";
    await this.driver
      .wait(async () => {
        const current = await this.driver.findElements(By.css('[aria-current="step"]'));
        seen = current.length === 1 ? await current[0].getText() : `${current.length} current steps`;
        return seen.includes(String(number)) && seen.includes(name);
      }, patience)
      .catch(() => {
        throw new Error(`never on step ${number} ${name}: the indicator read "${seen}"`);
      });
  }

  /** The focused element's `attribute`, or its id. */
  async focused(attribute = "id"): Promise<string | null> {
    return this.driver.executeScript((name: string) => document.activeElement?.getAttribute(name) ?? null, attribute);
  }

  /** Presses `keys` on whatever has the focus, one after another. */
  async keys(...keys: string[]): Promise<void> {
    const actions = this.driver.actions();
    for (const key of keys) actions.keyDown(key).keyUp(key);
    await actions.perform();
  }

  /** Presses Tab until `wanted` holds of the focused element, at most 40 times. */
  async tabUntil(what: string, wanted: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 40; i++) {
      if (await wanted()) return;
      await this.keys(Key.TAB);
    }
    throw new Error(`Tab never reached ${what}`);
  }

  /** The puzzle on screen: its id (from its pictures' address), its picture's width and its piece's. */
  async puzzle(): Promise<{ captchaId: string; width: number; pieceSize: number }> {
    const background = await this.shown(By.css(".ezr-slider__background"), "the puzzle's picture");
    await this.driver.wait(async () => (await background.getAttribute("naturalWidth")) !== "0", PATIENCE_MS, "the puzzle's picture never loaded");
    const piece = await this.driver.findElement(By.css(".ezr-slider__piece"));
    const id = /\/captcha\/slider\/([^/]+)\//.exec((await background.getAttribute("src")) ?? "")?.[1];
    if (!id) throw new Error("the puzzle's picture names no puzzle");
    return { captchaId: id, width: Number(await background.getAttribute("naturalWidth")), pieceSize: Number(await piece.getAttribute("naturalWidth")) };
  }

  /** Moves the slider to `x` by the keyboard (Shift+arrow by ten, arrow by one) and drops the piece. */
  async slideTo(x: number): Promise<void> {
    const slider = await this.shown(By.css("[role=slider]"), "the slider");
    if ((await this.focused("role")) !== "slider") await this.driver.executeScript("arguments[0].focus()", slider);
    const actions = this.driver.actions();
    for (let i = 0; i < Math.floor(x / 10); i++) {
      actions.keyDown(Key.SHIFT).keyDown(Key.ARROW_RIGHT).keyUp(Key.ARROW_RIGHT).keyUp(Key.SHIFT);
    }
    for (let i = 0; i < x % 10; i++) actions.keyDown(Key.ARROW_RIGHT).keyUp(Key.ARROW_RIGHT);
    await actions.perform();
    const now = await slider.getAttribute("aria-valuenow");
    if (now !== String(x)) throw new Error(`the slider stands at ${now}, not ${x}`);
    await this.keys(Key.ENTER);
  }

  /** Solves the puzzle on screen with the keyboard, at the x the development window gives. */
  async solvePuzzle(site: Site, region: string): Promise<void> {
    const { captchaId } = await this.puzzle();
    await this.slideTo(await site.gapOf(region, captchaId));
  }

  /** Taps the puzzle's track where the piece's left edge lands at `x` of the picture. */
  async tapTrack(x: number, puzzle: { width: number; pieceSize: number }): Promise<void> {
    const track = await this.shown(By.css(".ezr-slider__track"), "the puzzle's track");
    const box = await track.getRect();
    const scale = box.width / puzzle.width;
    // WebDriver's element origin is the element's centre.
    const offset = Math.round((x + puzzle.pieceSize / 2) * scale - box.width / 2);
    await this.driver.actions({ async: true }).move({ origin: track, x: offset, y: 0 }).press().release().perform();
  }

  /** Saves what the viewport shows as `target/e2e-screenshots/<engine>/<name>-<width>x<height>.png`
   * (or what the phone-sized frame shows, when the app is in one). */
  async screenshot(name: string): Promise<void> {
    const [width, height]: [number, number] = await this.driver.executeScript("return [innerWidth, innerHeight]");
    const folder = join(screenshots, this.engine);
    mkdirSync(folder, { recursive: true });
    let picture: string;
    if (this.frame) {
      await this.driver.switchTo().defaultContent();
      const frame = await this.driver.findElement(By.css("iframe"));
      picture = await frame.takeScreenshot();
      await this.driver.switchTo().frame(frame);
      // The frame holds about:blank until its page arrives, and that page's own step 1 looks
      // like the app's: wait for it, or the page's links would be pressed instead of the app's.
      await this.driver.wait(
        async () => this.driver.executeScript<boolean>("return location.href !== 'about:blank' && document.readyState === 'complete'").catch(() => false),
        PATIENCE_MS,
        "the frame's page never loaded",
      );
    } else {
      picture = await this.driver.takeScreenshot();
    }
    writeFileSync(join(folder, `${name}-${width}x${height}.png`), picture, "base64");
  }
}

export { By, Key };
