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

test("the settings and English are fetched once each, by the page's preloads, not after the module starts", async ({ page, backend, consoleErrors }) => {
  const preloaded = ["/config.json", "/lang/en.txt"];
  const requests = new Map<string, number>();
  page.on("request", (request) => {
    const path = preloaded.find((end) => new URL(request.url()).pathname.endsWith(end));
    if (path) requests.set(path, (requests.get(path) ?? 0) + 1);
  });
  await open(page, backend, "region=europe");
  const fetched = await page.evaluate((preloaded) =>
    preloaded.map((end) =>
      performance
        .getEntriesByType("resource")
        .filter((entry) => new URL(entry.name).pathname.endsWith(end))
        .map((entry) => (entry as PerformanceResourceTiming).initiatorType),
    ), preloaded);
  expect(fetched).toEqual([["link"], ["link"]]);
  expect(Object.fromEntries(requests)).toEqual({ "/config.json": 1, "/lang/en.txt": 1 });
  expect(consoleErrors).toEqual([]);
});
