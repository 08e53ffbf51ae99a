// The servers the end-to-end tests reset passwords against, with no browser in them, so that
// both the Playwright suite and the WebDriver journeys (../engines) use them: a real
// ezcloud-reference --dev process per test, on its own port and database file, or the app
// deployed as the vendor would; and the helpers a person would use, the development outbox
// and the puzzle's answer.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
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

export const regions = ["americas", "europe", "asia-pacific"];

/** Where a test resets passwords: the reference server serving the app and the API on one
 * origin ({@link Backend}), or the app deployed as the vendor would ({@link Deployment}). */
export interface Site {
  /** The app's page. */
  readonly url: string;
  outbox(region: string): Promise<Array<{ to: string; channel: string; code: string | null; subject: string }>>;
  codeFor(region: string, to: string, not?: string): Promise<string>;
  gapOf(region: string, captchaId: string): Promise<number>;
  login(region: string, username: string, password: string): Promise<{ code: number }>;
  stop(): Promise<void>;
}

/** Whether `url` answers 200 within 10 s, asked every 50 ms while a server starts. */
export async function answers(url: string): Promise<boolean> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => done(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Every backend's database folder, removed when the test process ends: a backend may be
 * stopped and resumed on the same files, so stopping it keeps them. */
const databaseFolders: string[] = [];
process.on("exit", () => {
  for (const folder of databaseFolders) rmSync(folder, { recursive: true, force: true });
});

export class Backend implements Site {
  private process?: ChildProcess;
  readonly database: string;

  private constructor(readonly port: number, readonly settings: Record<string, string>, readonly files: string | null) {
    const folder = mkdtempSync(join(tmpdir(), "ezcloud-e2e-"));
    databaseFolders.push(folder);
    this.database = join(folder, "reset.db");
  }

  /** A backend with generous limits (every test comes from 127.0.0.1, so one address's share of
   * an account is all the tests'), and `overrides`; it serves the app's build, or the folder
   * `files`, or (`null`) only the API. */
  static async start(overrides: Record<string, string> = {}, files: string | null = dist): Promise<Backend> {
    const settings = {
      "--requests-per-client-per-hour": "1000",
      "--codes-per-account-per-hour": "100",
      "--codes-per-account-unknown-per-hour": "100",
      "--codes-per-account-address-per-hour": "100",
      "--free-wrong-codes": "1000",
      "--wrong-codes-per-account-address-per-day": "1000",
      "--wrong-codes-per-account-unknown-per-day": "1000",
      "--wrong-codes-per-account-per-day": "1000",
      "--puzzles-per-client-per-hour": "1000",
      "--work-free-tickets": "1000",
      ...overrides,
    };
    const backend = new Backend(await freePort(), settings, files);
    await backend.resume();
    return backend;
  }

  /** A backend that also serves the demo support page, at `host` (http://localhost on a port
   * of its own: another origin than the app's), and lets `embedOrigin` frame the app: the
   * support page's origin unless another is given. */
  static async withSupportPage(embedOrigin?: string): Promise<{ backend: Backend; host: string }> {
    const port = await freePort();
    const host = `http://localhost:${port}`;
    const backend = await Backend.start({ "--demo-host-page": `127.0.0.1:${port}`, "--embed-origin": embedOrigin ?? host });
    return { backend, host };
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the process (again), on the same port and database. */
  async resume(): Promise<void> {
    this.process = spawn(
      binary,
      ["--dev", ...(this.files ? ["--dist", this.files] : []), "--listen", `127.0.0.1:${this.port}`,
        "--database", `sqlite://${this.database}`, ...Object.entries(this.settings).flat()],
      { stdio: "ignore" },
    );
    if (!(await answers(`${this.url}/config.json`))) throw new Error(`ezcloud-reference did not start on ${this.url}`);
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
    const response = await fetch(`${this.url}/${region}/__dev/captcha/${captchaId}`);
    const answer = await response.json();
    if (typeof answer.x !== "number") throw new Error(`no gap for puzzle ${captchaId} in ${region}: ${response.status} ${JSON.stringify(answer)}`);
    return answer.x;
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

const xtask = process.env.EZCLOUD_XTASK_BIN ?? join(root, "target/debug/xtask");
const nginx = process.env.NGINX ?? "/usr/sbin/nginx";

/** The app deployed as the vendor would: the bundle of `cargo xtask dist` served by nginx on
 * its own origin, each region's API a backend of its own on another origin, and the support
 * page that embeds the app on a third. */
export class Deployment implements Site {
  private constructor(
    readonly apis: Record<string, Backend>,
    readonly port: number,
    readonly supportPage: string,
    private readonly folder: string,
    private readonly nginx: ChildProcess,
  ) {}

  /** Every region's API with `overrides`, allowing the bundle's origin. */
  static async start(overrides: Record<string, string> = {}): Promise<Deployment> {
    // The ports for nginx and the support page are picked before the backends pick theirs, and
    // nothing holds them meanwhile: a backend that happens to take one means new ports.
    for (let attempt = 1; ; attempt++) {
      const [port, supportPort] = [await freePort(), await freePort()];
      const origin = `http://127.0.0.1:${port}`;
      const supportPage = `http://localhost:${supportPort}`;
      const apis: Record<string, Backend> = {};
      for (const region of regions) {
        const support: Record<string, string> = region === "europe" ? { "--demo-host-page": `127.0.0.1:${supportPort}`, "--demo-app-origin": origin } : {};
        apis[region] = await Backend.start({ ...overrides, "--allow-origin": origin, ...support }, null);
      }
      const taken = Object.values(apis).some((api) => [port, supportPort].includes(Number(new URL(api.url).port)));
      if (taken && attempt < 3) {
        for (const api of Object.values(apis)) await api.stop();
        continue;
      }
      const folder = mkdtempSync(join(tmpdir(), "ezcloud-bundle-"));
      // nginx, started as root, reads the site as its workers' user.
      chmodSync(folder, 0o755);
      const bundle = join(folder, "bundle");
      execFileSync(xtask, ["dist", "--from", dist, "--out", bundle, "--nginx-listen", `127.0.0.1:${port}`,
        "--embed-origin", supportPage, ...regions.flatMap((region) => ["--api", `${region}=${apis[region].url}/${region}`])],
      { stdio: "pipe" });
      const server = spawn(nginx, ["-c", join(bundle, "nginx.conf"), "-g", "daemon off;"], { stdio: ["ignore", "ignore", "pipe"] });
      let said = "";
      server.stderr?.on("data", (chunk) => (said += chunk));
      const deployment = new Deployment(apis, port, supportPage, folder, server);
      if (await answers(`${origin}/config.json`)) return deployment;
      const log = readFileSync(join(bundle, "logs/error.log"), { encoding: "utf8", flag: "a+" });
      await deployment.stop();
      throw new Error(`nginx did not serve the bundle on ${origin}: ${said}${log}`);
    }
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  outbox(region: string) {
    return this.apis[region].outbox(region);
  }

  codeFor(region: string, to: string, not?: string) {
    return this.apis[region].codeFor(region, to, not);
  }

  gapOf(region: string, captchaId: string) {
    return this.apis[region].gapOf(region, captchaId);
  }

  login(region: string, username: string, password: string) {
    return this.apis[region].login(region, username, password);
  }

  async stop(): Promise<void> {
    const server = this.nginx;
    if (server.exitCode === null) {
      await new Promise<void>((done) => {
        server.once("exit", () => done());
        server.kill("SIGTERM");
      });
    }
    for (const api of Object.values(this.apis)) await api.stop();
    rmSync(this.folder, { recursive: true, force: true });
  }
}

