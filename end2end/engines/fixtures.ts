// Each journey's fixtures: the engine's WebDriver server (one per worker), a fresh browser
// session as a person at a 1280x800 viewport, and a fresh reference server.
import { test as base } from "@playwright/test";
import { Backend, type Site } from "../tests/servers";
import { DriverServer, engineNames, type EngineName } from "./engines";
import { Person } from "./person";

export const test = base.extend<{ person: Person; site: Site }, { server: DriverServer }>({
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
  person: async ({ server }, use) => {
    const driver = await server.session();
    try {
      const person = new Person(driver, server.engine);
      await person.viewport(1280, 800);
      await use(person);
    } finally {
      await driver.quit();
    }
  },
  site: async ({}, use) => {
    const site = await Backend.start();
    await use(site);
    await site.stop();
  },
});
export { expect } from "@playwright/test";
