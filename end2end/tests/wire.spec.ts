// The browser's own kept-alive connections carry hundreds of puzzles without a reset, a
// truncated body or an answer that is not the envelope.
import { expect, open, test } from "./support";

test("hundreds of puzzles over the browser's kept-alive connections", async ({ page, backend, consoleErrors }) => {
  await open(page, backend, "region=europe");
  const failures = await page.evaluate(async () => {
    const found: string[] = [];
    for (let i = 0; i < 150; i++) {
      try {
        const answer = await fetch("europe/openapi/captcha/slider", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: "{}",
        });
        const puzzle = await answer.json();
        if (puzzle.code !== 200) found.push(`puzzle ${i}: ${JSON.stringify(puzzle)}`);
        for (const picture of [puzzle.data.backgroundImage, puzzle.data.pieceImage]) {
          const image = await fetch(`europe${picture}`);
          const bytes = (await image.arrayBuffer()).byteLength;
          if (!image.ok || bytes < 100) found.push(`picture ${i}: ${image.status}, ${bytes} bytes`);
        }
        const refused = await fetch("europe/openapi/captcha/slider/verify", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ captchaId: puzzle.data.captchaId, x: 0 }),
        });
        const envelope = await refused.json();
        if (envelope.code !== 40002) found.push(`verify ${i}: ${JSON.stringify(envelope)}`);
      } catch (error) {
        found.push(`round ${i}: ${error}`);
      }
    }
    return found;
  });
  expect(failures).toEqual([]);
  expect(consoleErrors).toEqual([]);
});

test("the settings are fetched once, by the page's preload, not after the module starts", async ({ page, backend, consoleErrors }) => {
  let requests = 0;
  page.on("request", (request) => {
    if (new URL(request.url()).pathname.endsWith("/config.json")) requests += 1;
  });
  await open(page, backend, "region=europe");
  const fetched = await page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .filter((entry) => new URL(entry.name).pathname.endsWith("/config.json"))
      .map((entry) => (entry as PerformanceResourceTiming).initiatorType),
  );
  expect(fetched).toEqual(["link"]);
  expect(requests).toBe(1);
  expect(consoleErrors).toEqual([]);
});
