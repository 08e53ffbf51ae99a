// The app deployed as the vendor would (run in the "deployed" project only): the bundle of
// `cargo xtask dist` on nginx, each region's API on an origin of its own, the support page on
// another. The journeys tagged @deployed run here too; these are what only this shape has.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Backend, Deployment, expect, open, regions, test } from "./support";

const dist = process.env.EZCLOUD_DIST ?? resolve(__dirname, "../../dist");

/** The paths of the app's files: the page, the settings, a language, the host's script and
 * the three files Trunk names by their content's hash. */
function appPaths(): string[] {
  const index = readFileSync(join(dist, "index.html"), "utf8");
  const hashed = [...index.matchAll(/"\.?\/?([^"]+-[0-9a-f]{8,16}(?:_bg)?\.(?:wasm|js|css))"/g)].map((m) => `/${m[1]}`);
  expect(hashed.filter((path) => path.endsWith(".wasm")), "the page names its module").toHaveLength(1);
  expect(hashed.some((path) => path.endsWith(".css")), "the page names its stylesheet").toBe(true);
  return ["/", "/index.html", "/config.json", "/lang/en.txt", "/embed.js", "/some/route", ...new Set(hashed)];
}

/** A content security policy as directive -> sources. */
function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(";").map((part) => part.trim().split(/\s+/)).map(([name, ...sources]) => [name, sources]));
}

const compared = ["content-security-policy", "referrer-policy", "x-content-type-options", "cross-origin-opener-policy", "cache-control", "content-type", "content-encoding"];

test("nginx sends the reference server's headers for every file of the app @deployed", async () => {
  const deployment = await Deployment.start();
  const reference = await Backend.start({ "--embed-origin": deployment.supportPage });
  try {
    const apiOrigins = regions.map((region) => new URL(deployment.apis[region].url).origin);
    for (const path of appPaths()) {
      const get = (base: string) => fetch(`${base}${path}`, { headers: { "accept-encoding": "br, gzip" } });
      const [ours, theirs] = [await get(reference.url), await get(deployment.url)];
      expect(theirs.status, path).toBe(200);
      expect(ours.status, path).toBe(200);
      for (const name of compared) {
        const [mine, nginx] = [ours.headers.get(name), theirs.headers.get(name)];
        if (name !== "content-security-policy") {
          expect(nginx, `${name} of ${path}`).toBe(mine);
          continue;
        }
        // The same policy, but for the API hosts, which the bundle names and the reference
        // server (on the API's own origin) does not.
        const [a, b] = [directives(mine ?? ""), directives(nginx ?? "")];
        expect([...b.keys()], path).toEqual([...a.keys()]);
        for (const [directive, sources] of a) {
          const extra = directive === "connect-src" || directive === "img-src" ? apiOrigins : [];
          expect(new Set(b.get(directive)), `${directive} of ${path}`).toEqual(new Set([...sources, ...extra]));
        }
      }
      if (ours.headers.get("vary")) expect(theirs.headers.get("vary")?.toLowerCase(), path).toContain("accept-encoding");
      const tag = theirs.headers.get("etag");
      if (theirs.headers.get("cache-control") === "no-cache") {
        expect(tag, `${path} has a validator`).toBeTruthy();
        const again = await fetch(`${deployment.url}${path}`, { headers: { "accept-encoding": "br, gzip", "if-none-match": tag ?? "" } });
        expect(again.status, `${path} revalidated`).toBe(304);
      }
    }
  } finally {
    await reference.stop();
    await deployment.stop();
  }
});

test("the module arrives brotli-compressed from nginx and nothing breaks the policy @deployed", async ({ page, site, consoleErrors }) => {
  await page.addInitScript(() => {
    const violations: string[] = [];
    Object.assign(window, { __violations: violations });
    document.addEventListener("securitypolicyviolation", (event) => violations.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  const module = page.waitForResponse((response) => response.url().endsWith(".wasm"));
  await open(page, site, "region=europe");
  const wasm = await module;
  expect(wasm.url().startsWith(site.url)).toBe(true);
  expect(await wasm.headerValue("content-encoding")).toBe("br");
  expect(await wasm.headerValue("content-type")).toBe("application/wasm");
  // The puzzle's pictures come from the region's API host, on its own origin.
  await page.getByLabel("Email Address", { exact: true }).fill("bruno@example.com");
  const picture = page.waitForResponse((response) => response.url().endsWith(".png"));
  await page.getByRole("button", { name: "Acquire" }).click();
  expect(new URL((await picture).url()).origin).not.toBe(new URL(site.url).origin);
  await expect(page.locator(".ezr-slider__background")).toBeVisible();
  await expect.poll(() => page.locator(".ezr-slider__background").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
  expect(consoleErrors).toEqual([]);
});
