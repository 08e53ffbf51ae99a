// Each journey's fixtures: the engine's WebDriver server (one per worker), a fresh browser
// session as a person at a 1280x800 viewport, and a fresh reference server that also serves the
// support page embedding the app, on another origin.
import { test as base } from "@playwright/test";
import { Backend } from "../tests/servers";
import { DriverServer, engineNames, type EngineName } from "./engines";
import { Person } from "./person";

/** The reference server, and its support page that embeds the app. */
type WithSupportPage = Awaited<ReturnType<typeof Backend.withSupportPage>>;

export const test = base.extend<{ person: Person; site: Backend; host: string; both: WithSupportPage }, { server: DriverServer }>({
  server: [
    async ({}, use, worker) => {
      const engine = worker.project.metadata.engine as EngineName;
      if (!engineNames.includes(engine)) throw new Error(`no engine named ${engine}`);
      const server = await DriverServer.start(engine);
      await use(server);
      await server.stop();
    },
    { scope: "worker" },
  ],
  person: async ({ server, host }, use) => {
    const driver = await server.session();
    try {
      const person = new Person(driver, server.engine, host);
      await person.viewport(1280, 800);
      await use(person);
    } finally {
      await driver.quit();
    }
  },
  both: async ({}, use) => {
    const both = await Backend.withSupportPage();
    await use(both);
    await both.backend.stop();
  },
  site: async ({ both }, use) => use(both.backend),
  host: async ({ both }, use) => use(both.host),
});
export { expect } from "@playwright/test";
