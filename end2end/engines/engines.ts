// The three engines a visitor brings, each driven through its own WebDriver server: Debian's
// Chromium by chromedriver, Firefox ESR by geckodriver, and WebKitGTK's MiniBrowser by
// WebKitWebDriver on the X display that `cargo xtask test` starts. Playwright drives only its
// own browser builds, which cannot be downloaded here; these are all Debian's and crates.io's.
import { Builder, type WebDriver } from "selenium-webdriver";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { answers, freePort } from "../tests/servers";

export const engineNames = ["chromium", "firefox", "webkit"] as const;
export type EngineName = (typeof engineNames)[number];

interface Engine {
  /** The WebDriver server's binary. */
  readonly driver: string;
  /** The session's capabilities. */
  capabilities(): Record<string, unknown>;
}

const engines: Record<EngineName, Engine> = {
  chromium: {
    driver: process.env.CHROMEDRIVER ?? "/usr/bin/chromedriver",
    capabilities: () => ({
      browserName: "chrome",
      "goog:chromeOptions": {
        binary: process.env.CHROMIUM ?? "/usr/bin/chromium",
        // Without the background-networking flags, this machine's closed network refuses
        // Chromium's own connections many at a time.
        args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
          "--disable-component-update", "--disable-sync", "--no-first-run"],
      },
    }),
  },
  firefox: {
    driver: process.env.GECKODRIVER ?? "geckodriver",
    capabilities: () => ({
      browserName: "firefox",
      "moz:firefoxOptions": {
        binary: process.env.FIREFOX ?? "/usr/bin/firefox-esr",
        args: ["-headless"],
        // No updates, telemetry or remote settings: nothing but the pages under test on the network.
        prefs: {
          "app.update.disabledForTesting": true,
          "datareporting.policy.dataSubmissionEnabled": false,
          "toolkit.telemetry.reportingpolicy.firstRun": false,
          "browser.safebrowsing.update.enabled": false,
          "network.captive-portal-service.enabled": false,
          "network.connectivity-service.enabled": false,
        },
      },
    }),
  },
  webkit: {
    driver: process.env.WEBKIT_DRIVER ?? "/usr/bin/WebKitWebDriver",
    capabilities: () => {
      if (!process.env.DISPLAY) throw new Error("WebKitGTK needs an X display: run under `cargo xtask test`, which starts Xvfb");
      // Safari's Intelligent Tracking Prevention, which MiniBrowser leaves off unless asked;
      // third-party cookies are blocked, as in Safari, by default.
      return { browserName: "MiniBrowser", "webkitgtk:browserOptions": { binary: miniBrowser(), args: ["--automation", "--enable-itp"] } };
    },
  },
};

/** WebKitGTK's MiniBrowser, in its library folder under /usr/lib/<architecture>/. */
function miniBrowser(): string {
  const found = readdirSync("/usr/lib")
    .map((folder) => join("/usr/lib", folder, "webkit2gtk-4.1", "MiniBrowser"))
    .find((path) => existsSync(path));
  if (!found) throw new Error("no MiniBrowser under /usr/lib/*/webkit2gtk-4.1: apt-get install webkit2gtk-driver");
  return found;
}

/** A WebDriver server of one engine, started once per worker; each test opens a session on it. */
export class DriverServer {
  private constructor(readonly engine: EngineName, private readonly process: ChildProcess, private readonly url: string) {}

  static async start(engine: EngineName): Promise<DriverServer> {
    const port = await freePort();
    const server = spawn(engines[engine].driver, [`--port=${port}`], { stdio: "ignore" });
    const url = `http://127.0.0.1:${port}`;
    const started = new DriverServer(engine, server, url);
    if (await answers(`${url}/status`)) return started;
    await started.stop();
    throw new Error(`${engines[engine].driver} did not answer on ${url}`);
  }

  /** A new browser session, with `overrides` of its capabilities. */
  async session(overrides: Record<string, unknown> = {}): Promise<WebDriver> {
    return new Builder().usingServer(this.url).withCapabilities({ ...engines[this.engine].capabilities(), ...overrides }).build();
  }

  async stop(): Promise<void> {
    const server = this.process;
    if (server.exitCode !== null) return;
    await new Promise<void>((done) => {
      server.once("exit", () => done());
      server.kill("SIGTERM");
    });
  }
}
