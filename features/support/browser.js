'use strict';
// Headless Chromium for the @browser features: Debian's /usr/bin/chromium (CHROMIUM_PATH to
// override) driven by playwright-core, which never downloads a browser. One browser for the run,
// a fresh context (cookies, storage) and page per scenario.
//
// The flags keep Chromium off the network it would otherwise reach for at start (updates, sync,
// QUIC probes): this machine's network is closed and loopback is all the tests use.
const { Before, After, AfterAll } = require('@cucumber/cucumber');
const { chromium } = require('playwright-core');

const FLAGS = [
  '--no-sandbox', // runs as root in CI containers
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let browser = null;

async function sharedBrowser() {
  if (!browser) {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      headless: true,
      args: FLAGS,
    });
  }
  return browser;
}

Before({ tags: '@browser' }, async function () {
  this.browserContext = await (await sharedBrowser()).newContext();
  this.page = await this.browserContext.newPage();
  this.browserRequests = []; // {method, url, postData} of every request the page made
  this.consoleErrors = [];
  this.page.on('request', (r) => this.browserRequests.push({ method: r.method(), url: r.url(), postData: r.postData() ?? '' }));
  this.page.on('console', (m) => {
    if (m.type() === 'error') this.consoleErrors.push(m.text());
  });
  this.page.on('pageerror', (e) => this.consoleErrors.push(String(e)));
});

After({ tags: '@browser' }, async function () {
  if (this.browserContext) await this.browserContext.close();
  if (this.merchantSite) await this.merchantSite.close();
});

AfterAll(async function () {
  if (browser) await browser.close();
  browser = null;
});
