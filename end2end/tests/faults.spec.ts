// What a user sees when things go wrong: limits, double clicks, a server that fails.
import { appRunning, enterEmailAndSolve, expect, expectStep, open, solvePuzzle, startSite, test } from "./support";

test("an hourly limit says how long to wait and keeps the address @deployed", async ({ page, consoleErrors }) => {
  const backend = await startSite({ "--codes-per-account-per-hour": "1" });
  try {
    await open(page, backend, "region=europe");
    await enterEmailAndSolve(page, backend, "europe", "bruno@example.com");
    await page.getByRole("button", { name: "Start again" }).click();
    await solvePuzzle(page, backend, "europe", () => page.getByRole("button", { name: "Acquire" }).click());
    await expect(page.getByRole("alert")).toHaveText(/Too many requests\. Please wait (60|59) minutes and try again\./);
    await expect(page.getByRole("button", { name: "Try again" })).toHaveCount(0);
    await expectStep(page, 1, "Enter Email Address");
    await expect(page.getByLabel("Email Address", { exact: true })).toHaveValue("bruno@example.com");
    expect(consoleErrors).toEqual([]);
  } finally {
    await backend.stop();
  }
});

test("a double click sends one request", async ({ page, backend, consoleErrors }) => {
  await open(page, backend, "region=europe");
  await enterEmailAndSolve(page, backend, "europe", "bruno@example.com");
  const code = await backend.codeFor("europe", "bruno@example.com");
  let verifications = 0;
  page.on("request", (request) => request.url().endsWith("/password/reset/verify") && verifications++);
  await page.getByLabel("Verification Code", { exact: true }).fill(code);
  await page.getByRole("button", { name: "Next" }).dblclick();
  await expectStep(page, 3, "Reset Password");
  expect(verifications).toBe(1);
  expect(consoleErrors).toEqual([]);
});

test("a server error offers to try again and loses nothing typed", async ({ page, backend, consoleErrors }) => {
  await open(page, backend, "region=europe");
  await enterEmailAndSolve(page, backend, "europe", "bruno@example.com");
  const code = await backend.codeFor("europe", "bruno@example.com");
  let failed = false;
  await page.route("**/password/reset/verify", async (route) => {
    if (failed) return route.continue();
    failed = true;
    await route.fulfill({ status: 503, contentType: "text/html", body: "<h1>Service Unavailable</h1>" });
  });
  await page.getByLabel("Verification Code", { exact: true }).fill(code);
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByRole("alert")).toContainText("The service is not available right now.");
  await expect(page.getByLabel("Verification Code", { exact: true })).toHaveValue(code);
  await page.getByRole("button", { name: "Try again" }).click();
  await expectStep(page, 3, "Reset Password");
  expect(consoleErrors).toEqual([]);
});

test("a request with no answer in 15 s offers to try again", async ({ page, backend, consoleErrors }) => {
  await page.clock.install();
  await open(page, backend, "region=europe");
  await enterEmailAndSolve(page, backend, "europe", "bruno@example.com");
  const code = await backend.codeFor("europe", "bruno@example.com");
  await page.route("**/password/reset/verify", () => {
    // Never answered: the app must give up by itself.
  });
  await page.getByLabel("Verification Code", { exact: true }).fill(code);
  await page.getByRole("button", { name: "Next" }).click();
  await page.clock.runFor(14_000);
  await expect(page.getByRole("alert")).toHaveCount(0);
  await page.clock.runFor(2_000);
  await expect(page.getByRole("alert")).toContainText("The server took too long to answer.");
  await page.unroute("**/password/reset/verify");
  await page.getByRole("button", { name: "Try again" }).click();
  await expectStep(page, 3, "Reset Password");
  expect(consoleErrors).toEqual([]);
});

test("settings that fail to load can be tried again", async ({ page, backend, consoleErrors }) => {
  await page.route("**/config.json", (route) => route.fulfill({ status: 502, body: "Bad Gateway" }));
  await page.goto(`${backend.url}/?region=europe`);
  // The app starts, and asks for its settings, at the first touch of the page.
  await appRunning(page);
  await expect(page.getByText("The password reset page could not load its settings.")).toBeVisible();
  await expect(page.getByRole("alert")).toContainText("The service is not available right now.");
  await page.unroute("**/config.json");
  await page.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByRole("group", { name: "Region" })).toBeVisible();
  await expect(page.getByRole("radio", { name: "Europe" })).toBeChecked();
  expect(consoleErrors).toEqual([]);
});

test("five wrong codes lock the reset, and starting again keeps the address", async ({ page, backend, consoleErrors }) => {
  await open(page, backend, "region=americas");
  await enterEmailAndSolve(page, backend, "americas", "alice@example.com");
  const code = await backend.codeFor("americas", "alice@example.com");
  const wrong = code === "111111" ? "222222" : "111111";
  const field = page.getByLabel("Verification Code", { exact: true });
  for (const left of [4, 3, 2, 1]) {
    await field.fill(wrong);
    await page.getByRole("button", { name: "Next" }).click();
    const attempts = left === 1 ? "1 attempt" : `${left} attempts`;
    await expect(page.getByText(`The code is not correct. ${attempts} left.`)).toBeVisible();
  }
  await field.fill(wrong);
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByText("Too many wrong codes. For your security, please start again.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Next" })).toBeDisabled();
  await expect(page.getByRole("button", { name: /^Resend/ })).toBeDisabled();
  await page.getByRole("button", { name: "Start again" }).click();
  await expectStep(page, 1, "Enter Email Address");
  await expect(page.getByLabel("Email Address", { exact: true })).toHaveValue("alice@example.com");
  expect(consoleErrors).toEqual([]);
});
