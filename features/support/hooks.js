'use strict';
// Server life cycle: one server per feature file, shared by its scenarios; a fresh one for every
// scenario tagged @fresh-server (directly or on its Feature). A shared server that died during a
// scenario fails that scenario; the next scenario gets a new server.
const { Before, After, AfterAll, Status } = require('@cucumber/cucumber');
const { SwitchyardServer } = require('./server');
const { sharedValidator } = require('./contract');

let shared = null; // {uri, server}

// After this many start-ups fail in a row, later scenarios fail at once instead of each waiting
// for the 10 s start-up timeout again.
const MAX_START_FAILURES = 3;
let startFailures = 0;
let firstStartError = null;

async function startServer(server) {
  if (startFailures >= MAX_START_FAILURES) {
    throw new Error(`not starting the server again: it failed to start ${startFailures} times in a row; first error:\n${firstStartError.message}`);
  }
  try {
    await server.start();
    startFailures = 0;
    firstStartError = null;
    return server;
  } catch (e) {
    startFailures += 1;
    firstStartError = firstStartError || e;
    throw e;
  }
}

async function stopShared() {
  if (!shared) return;
  const { server } = shared;
  shared = null;
  await server.stop();
  if (!server.keep) server.cleanup();
}

Before(async function ({ pickle }) {
  sharedValidator(); // load the spec before the first request
  const fresh = pickle.tags.some((t) => t.name === '@fresh-server');
  if (fresh) {
    this.server = await startServer(new SwitchyardServer({ label: pickle.name }));
    this.ownServer = true;
  } else {
    if (shared && (shared.uri !== pickle.uri || !shared.server.alive)) await stopShared();
    if (!shared) {
      const server = new SwitchyardServer({ label: pickle.uri });
      shared = { uri: pickle.uri, server };
      await startServer(server);
    }
    this.server = shared.server;
  }
  this.apiKey = this.server.demoApiKey;
});

After(async function ({ result }) {
  const server = this.server;
  if (!server) return;
  const failed = result && result.status !== Status.PASSED && result.status !== Status.SKIPPED;
  const diedUnexpectedly = server.exit && !server.expectExit;
  if (failed || diedUnexpectedly) {
    const last = this.last ? `last response: ${this.last.method} ${this.last.path} → ${this.last.status}\n${this.last.text.slice(0, 2000)}\n` : '';
    this.attach(`${last}${server.diagnostics()}`, 'text/plain');
    server.keep = true; // leave its data dir and log for a look (path in the attachment)
  }
  if (this.ownServer) {
    await server.stop();
    if (!server.keep) server.cleanup();
  }
  if (diedUnexpectedly) {
    throw new Error(`the server exited unexpectedly (code ${server.exit.code}, signal ${server.exit.signal})\n${server.diagnostics()}`);
  }
});

AfterAll(async function () {
  await stopShared();
});
