// "I'm not sure": a person who does not know the account's region solves one puzzle, every
// region is asked for a code, and only the account's region sends one.
import type { Browser, Page } from "@playwright/test";
import { appRunning, Backend, enterCode, expect, expectStep, setPassword, snap, solvePuzzle, test, type Site } from "./support";

const regions = ["americas", "europe", "asia-pacific"];

/** A browser that suggests no region: a time zone of no region, a language of no country. */
const unplaced = { timezoneId: "Etc/UTC", locale: "en" };
test.use(unplaced);

/** A page of its own in a browser that suggests no region. */
async function unplacedPage(browser: Browser) {
  const context = await browser.newContext(unplaced);
  return { context, page: await context.newPage() };
}

/** Names the account on step 1, solves the one puzzle (in the first region) and waits for step 2. */
async function acquireNotSure(page: Page, backend: Site, account: { email?: string; phone?: [string, string] }) {
  if (account.phone) {
    await page.getByRole("link", { name: "Use mobile phone number to retrieve password" }).click();
    await page.getByLabel("Country/Region").selectOption(account.phone[0]);
    await page.getByLabel("Mobile Phone Number", { exact: true }).fill(account.phone[1]);
  } else {
    await page.getByLabel("Email Address", { exact: true }).fill(account.email ?? "");
  }
  await solvePuzzle(page, backend, "americas", () => page.getByRole("button", { name: "Acquire" }).click());
  await expectStep(page, 2, "Verify Identity");
}

/** Every message the development outboxes hold for `to`, by region. */
async function messagesTo(backend: Site, to: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const region of regions) counts[region] = (await backend.outbox(region)).filter((m) => m.to === to).length;
  return counts;
}

const accounts = [
  { region: "americas", name: "America", to: "alice@example.com", account: { email: "alice@example.com" }, masked: "ali****.com", tag: "" },
  { region: "europe", name: "Europe", to: "bruno@example.com", account: { email: "bruno@example.com" }, masked: "bru****.com", tag: " @deployed" },
  { region: "asia-pacific", name: "Asia-Pacific", to: "+6591234567", account: { phone: ["SG", "9123 4567"] as [string, string] }, masked: "+65 ****4567", tag: " @screens" },
];

for (const { region, name, to, account, masked, tag } of accounts) {
  test(`a whole reset with "I'm not sure" finds an account in ${name}${tag}`, async ({ page, site: backend, consoleErrors }, info) => {
    await page.goto(`${backend.url}/`);
    await appRunning(page);
    // Nothing suggests a region, so "I'm not sure" is preselected.
    await expect(page.getByRole("radio", { name: "I'm not sure" })).toBeChecked();
    if (tag.includes("@screens")) await snap(page, info, "not-sure-1");
    await acquireNotSure(page, backend, account);
    await expect(page.getByText(`Please enter the verification code sent to ${masked}.`)).toBeVisible();
    const code = await backend.codeFor(region, to);
    // One code, from the account's region only.
    expect(await messagesTo(backend, to)).toEqual(Object.fromEntries(regions.map((r) => [r, r === region ? 1 : 0])));
    await enterCode(page, code);
    await expectStep(page, 3, "Reset Password");
    await setPassword(page, "Found it at last 42");
    await expectStep(page, 4, "Succeed");
    await expect(page.getByText(`Your account is in the ${name} region.`)).toBeVisible();
    if (tag.includes("@screens")) await snap(page, info, "not-sure-4");
    const login = `https://${{ americas: "os", europe: "eu", "asia-pacific": "ap" }[region]}.ezcloud.uniview.com/login`;
    await expect(page.getByRole("link", { name: "Go to Login" })).toHaveAttribute("href", login);
    expect((await backend.login(region, to, "Found it at last 42")).code).toBe(200);
    // The next visit preselects the region found.
    const nextVisit = await page.context().newPage();
    await nextVisit.goto(`${backend.url}/`);
    await appRunning(nextVisit);
    await expect(nextVisit.getByRole("radio", { name })).toBeChecked();
    expect(consoleErrors).toEqual([]);
  });
}

/** What step 2 says after a wrong code for an account no region holds, with `query` choosing the region. */
async function unknownAccount(browser: Browser, backend: Backend, query: string, puzzleRegion: string): Promise<string[]> {
  const { context, page } = await unplacedPage(browser);
  await page.goto(`${backend.url}/?${query}`);
  await appRunning(page);
  await page.getByLabel("Email Address", { exact: true }).fill("nobody@example.com");
  await solvePuzzle(page, backend, puzzleRegion, () => page.getByRole("button", { name: "Acquire" }).click());
  await expectStep(page, 2, "Verify Identity");
  const said = [await page.getByText(/Please enter the verification code sent to/).innerText()];
  await enterCode(page, "123456");
  said.push(await page.getByText(/The code is not correct/).innerText());
  await context.close();
  return said;
}

test(`an unknown account with "I'm not sure" reads exactly as with a region picked`, async ({ browser, backend }) => {
  const picked = await unknownAccount(browser, backend, "region=europe", "europe");
  const notSure = await unknownAccount(browser, backend, "region=not-sure", "americas");
  expect(notSure).toEqual(picked);
  expect(picked[1]).toContain("The code is not correct. 4 attempts left.");
  expect(await messagesTo(backend, "nobody@example.com")).toEqual({ americas: 0, europe: 0, "asia-pacific": 0 });
});

test("a region down does not stop the others, and the help names the region", async ({ page, backend, consoleErrors }) => {
  // Asia-Pacific's API does not answer at all.
  await page.route("**/asia-pacific/openapi/**", (route) => route.abort("connectionrefused"));
  await page.goto(`${backend.url}/?region=not-sure`);
  await appRunning(page);
  await page.getByText("Didn't receive a code?").click();
  await expect(page.getByText("No code? Your account may be in another region. Choose “I'm not sure” and try again.")).toBeVisible();
  await acquireNotSure(page, backend, { email: "bruno@example.com" });
  await enterCode(page, await backend.codeFor("europe", "bruno@example.com"));
  await expectStep(page, 3, "Reset Password");
  expect(consoleErrors).toEqual([]);
});
