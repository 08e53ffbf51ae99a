// The whole reset, as a person does it, in a real browser against the real backend.
import { appRunning, Backend, demoPassword, enterCode, enterEmailAndSolve, expect, expectStep, open, scrollsSideways, setPassword, snap, solvePuzzle, test } from "./support";

test("the release build loads with no console error at all", async ({ page, backend }) => {
  const errors: string[] = [];
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  page.on("pageerror", (error) => errors.push(error.message));
  await open(page, backend, "region=europe");
  await expect(page.getByRole("heading", { name: "Use email to retrieve password" })).toBeVisible();
  expect(errors).toEqual([]);
});

test("a whole reset by email in Europe @screens @deployed", async ({ page, site: backend, consoleErrors }, info) => {
  let policyRequests = 0;
  page.on("request", (request) => request.url().endsWith("/password/policy") && policyRequests++);
  await open(page, backend, "region=europe");
  await expectStep(page, 1, "Enter Email Address");
  await expect(page.getByRole("radio", { name: "Europe" })).toBeChecked();
  await expect(page.getByRole("link", { name: "Already have an account? Login" })).toHaveAttribute("href", "https://eu.ezcloud.uniview.com/login");
  await snap(page, info, "1-enter-email");
  await page.emulateMedia({ colorScheme: "dark" });
  await snap(page, info, "1-enter-email-dark");
  await page.emulateMedia({ colorScheme: "light" });

  await page.getByLabel("Email Address", { exact: true }).fill("bruno@example.com");
  const puzzle = page.waitForResponse((r) => r.url().endsWith("/openapi/captcha/slider"));
  await page.getByRole("button", { name: "Acquire" }).click();
  await puzzle;
  await expect(page.getByRole("dialog", { name: "Complete the puzzle" })).toBeVisible();
  await expect(page.locator(".ezr-slider__background")).toBeVisible();
  await snap(page, info, "1b-puzzle");
  await page.getByRole("slider").press("Escape");
  await expect(page.getByRole("dialog")).toBeHidden();

  await solvePuzzle(page, backend, "europe", () => page.getByRole("button", { name: "Acquire" }).click());
  await expectStep(page, 2, "Verify Identity");
  await expect(page.getByText("Please enter the verification code sent to bru****.com.")).toBeVisible();
  await expect(page.getByText("Sometimes the code goes to the spam folder")).toBeVisible();
  // The region of a reset under way is one line, not a picker that cannot be used.
  await expect(page.getByRole("radio")).toHaveCount(0);
  await expect(page.getByText("Region: Europe", { exact: true })).toBeVisible();
  const field = page.getByLabel("Verification Code", { exact: true });
  await expect(field).toHaveAttribute("autocomplete", "one-time-code");
  await expect(field).toHaveAttribute("inputmode", "numeric");
  await expect(page.getByRole("button", { name: /Resend \(\d+ s\)/ })).toBeDisabled();
  await snap(page, info, "2-verify-identity");

  const code = await backend.codeFor("europe", "bruno@example.com");
  await enterCode(page, `${code.slice(0, 3)} ${code.slice(3)}`);
  await expectStep(page, 3, "Reset Password");
  await expect(page.getByText("Please reset your password for account security.")).toBeVisible();
  const rules = page.locator(".ezr-rules__item");
  await expect(rules.first()).toHaveAttribute("data-met", "false");
  await page.getByLabel("New Password", { exact: true }).fill("bruno-x");
  await expect(page.locator(".ezr-rules__item", { hasText: "commonly" })).toHaveAttribute("data-met", "true");
  await expect(page.locator(".ezr-rules__item", { hasText: "before the @" })).toHaveAttribute("data-met", "false");
  await page.getByLabel("New Password", { exact: true }).fill("Alpine meadow 42");
  await expect(page.locator('.ezr-rules__item[data-met="false"]')).toHaveCount(0);
  await page.getByRole("button", { name: "Show New Password" }).click();
  await expect(page.getByLabel("New Password", { exact: true })).toHaveAttribute("type", "text");
  await page.getByLabel("Confirm Password", { exact: true }).fill("Alpine meadow 4");
  await page.getByRole("button", { name: "Confirm", exact: true }).click();
  await expect(page.getByText("The passwords do not match.")).toBeVisible();
  await snap(page, info, "3-reset-password");
  await page.emulateMedia({ colorScheme: "dark" });
  await snap(page, info, "3-reset-password-dark");
  await page.emulateMedia({ colorScheme: "light" });
  await page.getByLabel("Confirm Password", { exact: true }).fill("Alpine meadow 42");
  await page.getByRole("button", { name: "Confirm", exact: true }).click();

  await expectStep(page, 4, "Succeed");
  await expect(page.getByRole("link", { name: "Go to Login" })).toHaveAttribute("href", "https://eu.ezcloud.uniview.com/login");
  await expect(page.getByText("In the UNV-Link app you sign in with the same account")).toBeVisible();
  await expect(page.getByText("Didn't receive a code?")).toBeHidden();
  await expect(page.getByRole("button", { name: "Reset another account" })).toBeVisible();
  await snap(page, info, "4-succeed");

  expect(policyRequests, "the policy is fetched once, not on every change of the wizard").toBe(1);
  expect((await backend.login("europe", "bruno@example.com", "Alpine meadow 42")).code).toBe(200);
  expect((await backend.login("europe", "bruno@example.com", demoPassword)).code).not.toBe(200);
  expect(consoleErrors).toEqual([]);
});

test("a whole reset by phone in Asia-Pacific @screens @deployed", async ({ page, site: backend, consoleErrors }, info) => {
  await open(page, backend, "region=asia-pacific");
  await page.getByRole("link", { name: "Use mobile phone number to retrieve password" }).click();
  await expectStep(page, 1, "Enter Phone Number");
  await expect(page.getByRole("heading", { name: "Use mobile phone number to retrieve password" })).toBeVisible();
  await page.getByLabel("Country/Region").selectOption("SG");
  const phone = page.getByLabel("Mobile Phone Number", { exact: true });
  await phone.fill("9123 45");
  await phone.blur();
  await expect(page.getByText("This number is too short (Singapore)")).toBeVisible();
  await snap(page, info, "1-enter-phone");
  await phone.fill("9123 4567");
  await expect(page.getByText("This number is too short (Singapore)")).toBeHidden();
  await solvePuzzle(page, backend, "asia-pacific", () => page.getByRole("button", { name: "Acquire" }).click());
  await expect(page.getByText("Please enter the verification code sent to +65 ****4567.")).toBeVisible();
  await expect(page.getByText("Sometimes the code goes to the spam folder")).toBeHidden();
  await enterCode(page, await backend.codeFor("asia-pacific", "+6591234567"));
  await setPassword(page, "Harbour lights 77");
  await expectStep(page, 4, "Succeed");
  await expect(page.getByRole("link", { name: "Go to Login" })).toHaveAttribute("href", "https://ap.ezcloud.uniview.com/login");
  expect((await backend.login("asia-pacific", "+6591234567", "Harbour lights 77")).code).toBe(200);
  expect(consoleErrors).toEqual([]);
});

test("a wrong code, then the right one, in America", async ({ page, backend, consoleErrors }) => {
  await open(page, backend, "region=americas");
  await enterEmailAndSolve(page, backend, "americas", "alice@example.com");
  const code = await backend.codeFor("americas", "alice@example.com");
  const wrong = code === "123456" ? "654321" : "123456";
  await enterCode(page, wrong);
  await expect(page.getByText("The code is not correct. 4 attempts left.")).toBeVisible();
  await expect(page.getByLabel("Verification Code", { exact: true })).toHaveValue(wrong);
  await enterCode(page, code);
  await expectStep(page, 3, "Reset Password");
  await setPassword(page, "Prairie wind 1905");
  await expectStep(page, 4, "Succeed");
  expect((await backend.login("americas", "alice@example.com", "Prairie wind 1905")).code).toBe(200);
  expect(consoleErrors).toEqual([]);
});

test("a resend after the cooldown sends a new code that works", async ({ page, consoleErrors }) => {
  const backend = await Backend.start({ "--resend-cooldown": "3" });
  try {
    await open(page, backend, "region=americas&channel=sms");
    await page.getByLabel("Country/Region").selectOption("US");
    await page.getByLabel("Mobile Phone Number", { exact: true }).fill("(202) 555-0143");
    await solvePuzzle(page, backend, "americas", () => page.getByRole("button", { name: "Acquire" }).click());
    await expectStep(page, 2, "Verify Identity");
    const first = await backend.codeFor("americas", "+12025550143");
    const resend = page.getByRole("button", { name: /^Resend/ });
    await expect(resend).toBeDisabled();
    await expect(page.getByRole("button", { name: "Resend", exact: true })).toBeEnabled({ timeout: 8_000 });
    await page.getByRole("button", { name: "Resend", exact: true }).click();
    const second = await backend.codeFor("americas", "+12025550143", first);
    await expect(resend).toBeDisabled();
    await enterCode(page, first);
    await expect(page.getByText(/The code is not correct/)).toBeVisible();
    await enterCode(page, second);
    await expectStep(page, 3, "Reset Password");
    expect(consoleErrors).toEqual([]);
  } finally {
    await backend.stop();
  }
});

test("a reload on step 2 and on step 3 returns to the same step", async ({ page, backend, consoleErrors }) => {
  await open(page, backend, "region=europe");
  await enterEmailAndSolve(page, backend, "europe", "bruno@example.com");
  await page.reload();
  await expectStep(page, 2, "Verify Identity");
  await expect(page.getByText("Please enter the verification code sent to bru****.com.")).toBeVisible();
  const code = await backend.codeFor("europe", "bruno@example.com");
  await enterCode(page, code);
  await expectStep(page, 3, "Reset Password");
  const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
  expect(stored).not.toContain(code);
  expect(page.url()).not.toContain(code);

  await page.reload();
  await expectStep(page, 3, "Reset Password");
  await expect(page.getByText("The page was reloaded, so please enter the verification code once more.")).toBeVisible();
  await page.getByLabel("Verification Code", { exact: true }).fill(code === "000000" ? "999999" : "000000");
  await setPassword(page, "Reloaded and fine 9");
  await expect(page.getByText("The code is not correct. 4 attempts left.")).toBeVisible();
  await expectStep(page, 3, "Reset Password");
  await page.getByLabel("Verification Code", { exact: true }).fill(code);
  await page.getByRole("button", { name: "Confirm", exact: true }).click();
  await expectStep(page, 4, "Succeed");
  const after = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
  expect(after).not.toContain("Reloaded and fine 9");
  expect((await backend.login("europe", "bruno@example.com", "Reloaded and fine 9")).code).toBe(200);
  expect(consoleErrors).toEqual([]);
});

test("the backend stopped and started again mid-flow loses nothing", async ({ page, backend }) => {
  await open(page, backend, "region=europe");
  await enterEmailAndSolve(page, backend, "europe", "bruno@example.com");
  const code = await backend.codeFor("europe", "bruno@example.com");
  await backend.stop();
  await enterCode(page, code);
  await expect(page.getByRole("alert")).toContainText("could not reach the server");
  await expect(page.getByLabel("Verification Code", { exact: true })).toHaveValue(code);
  await backend.resume();
  await page.getByRole("button", { name: "Try again" }).click();
  await expectStep(page, 3, "Reset Password");
  await setPassword(page, "Back from the dead 3");
  await expectStep(page, 4, "Succeed");
  expect((await backend.login("europe", "bruno@example.com", "Back from the dead 3")).code).toBe(200);
});

test("an account of another region gets no code there, and starting again keeps the address", async ({ page, backend, consoleErrors }) => {
  await open(page, backend, "region=americas");
  await enterEmailAndSolve(page, backend, "americas", "bruno@example.com");
  await expect(page.getByText("Please enter the verification code sent to bru****.com.")).toBeVisible();
  await page.waitForTimeout(300);
  expect((await backend.outbox("americas")).filter((m) => m.to === "bruno@example.com")).toEqual([]);
  expect(await backend.outbox("europe")).toEqual([]);
  await page.getByRole("button", { name: "Start again" }).click();
  await expectStep(page, 1, "Enter Email Address");
  await expect(page.getByLabel("Email Address", { exact: true })).toHaveValue("bruno@example.com");
  await page.getByRole("button", { name: "Acquire" }).click();
  await page.getByRole("button", { name: "Close" }).click();
  await expect(page.getByRole("dialog")).toBeHidden();
  await page.getByRole("radio", { name: "Europe" }).check();
  await solvePuzzle(page, backend, "europe", () => page.getByRole("button", { name: "Acquire" }).click());
  await enterCode(page, await backend.codeFor("europe", "bruno@example.com"));
  await expectStep(page, 3, "Reset Password");
  expect(consoleErrors).toEqual([]);
});

test("invalid input explains itself and keeps what was typed", async ({ page, backend, consoleErrors }) => {
  await open(page, backend, "region=europe");
  const email = page.getByLabel("Email Address", { exact: true });
  await email.fill("bruno@example");
  await expect(page.getByText("The domain after the @ needs a dot")).toBeHidden();
  await email.blur();
  await expect(page.getByText("The domain after the @ needs a dot, as in example.com.")).toBeVisible();
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await page.getByRole("button", { name: "Acquire" }).click();
  await expect(page.getByRole("dialog")).toBeHidden();
  await expect(email).toHaveValue("bruno@example");
  await email.fill("bruno@example.com");
  await expect(email).not.toHaveAttribute("aria-invalid", "true");
  await page.getByRole("link", { name: "Use mobile phone number to retrieve password" }).click();
  await page.getByRole("link", { name: "Use email to retrieve password" }).click();
  await expect(page.getByLabel("Email Address", { exact: true })).toHaveValue("bruno@example.com");
  expect(consoleErrors).toEqual([]);
});

test("every step fits a 320 px wide phone", async ({ page, backend, consoleErrors }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  const fits = async () => expect(await scrollsSideways(page)).toBe(false);
  await open(page, backend, "region=europe&channel=sms");
  await fits();
  await page.getByRole("link", { name: "Use email to retrieve password" }).click();
  await enterEmailAndSolve(page, backend, "europe", "bruno@example.com");
  await fits();
  await page.getByLabel("Verification Code", { exact: true }).fill(await backend.codeFor("europe", "bruno@example.com"));
  await page.getByRole("button", { name: "Next" }).click();
  await expectStep(page, 3, "Reset Password");
  await fits();
  expect(consoleErrors).toEqual([]);
});

test("the region comes from the time zone, then from the last visit, and the query string wins", async ({ browser, backend }) => {
  const context = await browser.newContext({ timezoneId: "Asia/Singapore", locale: "en-SG" });
  const page = await context.newPage();
  await page.goto(`${backend.url}/`);
  await appRunning(page);
  await expect(page.getByRole("radio", { name: "Asia-Pacific" })).toBeChecked();
  await page.getByRole("radio", { name: "Europe" }).check();
  const nextVisit = await context.newPage();
  await nextVisit.goto(`${backend.url}/`);
  await appRunning(nextVisit);
  await expect(nextVisit.getByRole("radio", { name: "Europe" })).toBeChecked();
  const linked = await context.newPage();
  await linked.goto(`${backend.url}/?region=americas&channel=sms`);
  await appRunning(linked);
  await expect(linked.getByRole("radio", { name: "America" })).toBeChecked();
  await expect(linked.getByLabel("Mobile Phone Number", { exact: true })).toBeVisible();
  await expect(linked.getByLabel("Country/Region")).toHaveValue("SG");
  await context.close();
});

test("a return visit in the same tab: another account, another language, another region", async ({ page, backend, consoleErrors }) => {
  await open(page, backend, "region=europe");
  await enterEmailAndSolve(page, backend, "europe", "bruno@example.com");
  await enterCode(page, await backend.codeFor("europe", "bruno@example.com"));
  await setPassword(page, "Alpine meadow 42");
  await expectStep(page, 4, "Succeed");
  // A reload of step 4 is step 4 again.
  await page.reload();
  await appRunning(page);
  await expectStep(page, 4, "Succeed");
  // "Reset another account": an empty step 1, same language and region, and it stays so.
  await page.getByRole("button", { name: "Reset another account" }).click();
  await expectStep(page, 1, "Enter Email Address");
  await expect(page.getByLabel("Email Address", { exact: true })).toHaveValue("");
  await expect(page.getByRole("radio", { name: "Europe" })).toBeChecked();
  await expect(page.getByText("Didn't receive a code?")).toBeVisible();
  await page.reload();
  await appRunning(page);
  await expectStep(page, 1, "Enter Email Address");
  await expect(page.getByLabel("Email Address", { exact: true })).toHaveValue("");
  // A family member's account, by phone.
  await page.getByRole("link", { name: "Use mobile phone number to retrieve password" }).click();
  await page.getByLabel("Country/Region").selectOption("DE");
  await page.getByLabel("Mobile Phone Number", { exact: true }).fill("0151 12345678");
  await solvePuzzle(page, backend, "europe", () => page.getByRole("button", { name: "Acquire" }).click());
  await enterCode(page, await backend.codeFor("europe", "+4915112345678"));
  await setPassword(page, "Second account 77");
  await expectStep(page, 4, "Succeed");
  expect((await backend.login("europe", "+4915112345678", "Second account 77")).code).toBe(200);

  // The finished reset gives way to an address naming another region, in its language.
  await page.goto(`${backend.url}/?region=americas&lang=ar`);
  await appRunning(page);
  await expect(page.locator("main")).toHaveAttribute("lang", "ar");
  await expect(page.locator('[aria-current="step"]')).toContainText("1");
  await expect(page.locator("#ezr-account")).toHaveValue("");
  await expect(page.getByRole("radio", { name: "الأمريكتان" })).toBeChecked();
  expect(consoleErrors).toEqual([]);
});

test("a reset under way resumes whatever the address says, in the language it names", async ({ page, backend, consoleErrors }) => {
  await open(page, backend, "region=europe");
  await enterEmailAndSolve(page, backend, "europe", "bruno@example.com");
  await expectStep(page, 2, "Verify Identity");
  await page.goto(`${backend.url}/?region=americas&lang=de`);
  await appRunning(page);
  await expect(page.locator("main")).toHaveAttribute("lang", "de");
  await expectStep(page, 2, "Identität bestätigen");
  await expect(page.getByText("Region: Europa", { exact: true })).toBeVisible();
  // A reload is the same visit: the language chosen since stays, whatever the address says.
  await page.getByRole("combobox", { name: "Sprache" }).selectOption("fr");
  await expectStep(page, 2, "Vérifier l’identité");
  await page.reload();
  await appRunning(page);
  await expectStep(page, 2, "Vérifier l’identité");
  await page.getByLabel("Code de vérification", { exact: true }).fill(await backend.codeFor("europe", "bruno@example.com"));
  await page.getByRole("button", { name: "Suivant" }).click();
  await expectStep(page, 3, "Réinitialiser le mot de passe");
  expect(consoleErrors).toEqual([]);
});
