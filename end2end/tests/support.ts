// A real ezcloud-reference --dev process per test, on its own port and database file, and
// the helpers a person would use: the development outbox and the puzzle's answer.
import { test as base, expect, type Frame, type Page, type TestInfo } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(__dirname, "../..");
const binary = process.env.EZCLOUD_REFERENCE_BIN ?? join(root, "target/debug/ezcloud-reference");
const dist = process.env.EZCLOUD_DIST ?? join(root, "dist");
export const screenshots = join(root, "target/e2e-screenshots");
/** Every demo account's password, from the one file the backend builds it from. */
export const demoPassword = readFileSync(join(root, "crates/reference-backend/demo-password.txt"), "utf8").trim();

/** A translation file as `key -> text`, plural forms as `Key.one` and so on. */
export function catalog(file: string): Map<string, string> {
  const entries = readFileSync(file, "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#") && line.includes("="))
    .map((line) => {
      const at = line.indexOf("=");
      return [line.slice(0, at).trim(), line.slice(at + 1).trim()] as [string, string];
    });
  return new Map(entries);
}

/** The app's sentences in the language `tag`. */
export const wording = (tag: string) => catalog(join(root, "src/i18n/lang", `${tag}.txt`));

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => done(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export class Backend {
  private process?: ChildProcess;
  readonly database: string;

  private constructor(readonly port: number, readonly settings: Record<string, string>, readonly files: string) {
    this.database = join(mkdtempSync(join(tmpdir(), "ezcloud-e2e-")), "reset.db");
  }

  /** A backend with generous hourly limits (every test comes from 127.0.0.1), and `overrides`;
   * it serves the app's build, or the folder `files`. */
  static async start(overrides: Record<string, string> = {}, files: string = dist): Promise<Backend> {
    const settings = {
      "--requests-per-client-per-hour": "1000",
      "--codes-per-account-per-hour": "100",
      "--puzzles-per-client-per-hour": "1000",
      ...overrides,
    };
    const backend = new Backend(await freePort(), settings, files);
    await backend.resume();
    return backend;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the process (again), on the same port and database. */
  async resume(): Promise<void> {
    this.process = spawn(
      binary,
      ["--dev", "--dist", this.files, "--listen", `127.0.0.1:${this.port}`, "--database", `sqlite://${this.database}`,
        ...Object.entries(this.settings).flat()],
      { stdio: "ignore" },
    );
    for (let i = 0; i < 200; i++) {
      try {
        if ((await fetch(`${this.url}/config.json`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`ezcloud-reference did not start on ${this.url}`);
  }

  /** Stops the process and waits until it is gone. */
  async stop(): Promise<void> {
    const running = this.process;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((done) => {
      running.once("exit", () => done());
      running.kill("SIGTERM");
    });
  }

  async outbox(region: string): Promise<Array<{ to: string; channel: string; code: string | null; subject: string }>> {
    return (await fetch(`${this.url}/${region}/__dev/outbox`)).json();
  }

  /** The newest code sent to `to`, other than `not`, waiting for delivery. */
  async codeFor(region: string, to: string, not?: string): Promise<string> {
    for (let i = 0; i < 100; i++) {
      const message = (await this.outbox(region)).find((m) => m.to === to && m.code && m.code !== not);
      if (message?.code) return message.code;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no code was delivered to ${to} in ${region}`);
  }

  async gapOf(region: string, captchaId: string): Promise<number> {
    return (await (await fetch(`${this.url}/${region}/__dev/captcha/${captchaId}`)).json()).x;
  }

  async login(region: string, username: string, password: string): Promise<{ code: number }> {
    const response = await fetch(`${this.url}/${region}/openapi/user/account/token/get`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password }),
    });
    return response.json();
  }
}

/** Console errors and uncaught exceptions of the page; failed HTTP answers are the tests' business. */
export const test = base.extend<{ backend: Backend; consoleErrors: string[] }>({
  backend: async ({}, use) => {
    const backend = await Backend.start();
    await use(backend);
    await backend.stop();
  },
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) errors.push(message.text());
    });
    page.on("pageerror", (error) => errors.push(error.message));
    await use(errors);
    expect(errors, "the page logged errors").toEqual([]);
  },
});
export { expect };

/** Opens the app for `region`, and waits until it is interactive, in any language. */
export async function open(page: Page, backend: Backend, query: string): Promise<void> {
  await page.goto(`${backend.url}/?${query}`);
  await expect(page.locator("#ezr-account")).toBeEditable();
}

/** Solves the puzzle with the keyboard, at the x the development window gives; `scope` is the
 * page, or the frame the app lives in when a host page embeds it. */
export async function solvePuzzle(
  page: Page,
  backend: Backend,
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

export async function enterEmailAndSolve(page: Page, backend: Backend, region: string, email: string): Promise<void> {
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
