'use strict';
// Steps of checkout.feature: a shopper in headless Chromium (support/browser.js) using
// <switchyard-checkout> on the demo shop or on a merchant site of another origin
// (support/merchant_site.js). Fields are found by their visible labels, as a shopper finds them.
const assert = require('node:assert/strict');
const { Given, When, Then } = require('@cucumber/cucumber');
const { startMerchantSite } = require('../support/merchant_site');

const UI_TIMEOUT = 10_000;
// The first page of a run also starts Chromium's renderer and GPU processes, which on a loaded
// machine has taken over 10 s (CI, session 4); the step itself may take 30 s.
const PAGE_LOAD_TIMEOUT = 20_000;

// {future expiry} and {past expiry} from today's date, so the scenarios never go stale.
function fillDates(text) {
  const now = new Date();
  const yy = (y) => String(y % 100).padStart(2, '0');
  return text
    .replace('{future expiry}', `12/${yy(now.getFullYear() + 3)}`)
    .replace('{past expiry}', `01/${yy(now.getFullYear() - 1)}`);
}

function field(world, label) {
  return world.page.getByLabel(label, { exact: false });
}

function typed(world, value) {
  const v = fillDates(value);
  if (/^\d{12,19}$/.test(v)) world.pans.add(v);
  return v;
}

async function openPage(world, url) {
  await world.page.goto(url);
  await field(world, 'Card number').waitFor({ timeout: PAGE_LOAD_TIMEOUT });
}

async function waitForClientToken(world) {
  await world.page.waitForFunction(() => !!document.querySelector('switchyard-checkout')?.getAttribute('client-token'), null, { timeout: UI_TIMEOUT });
}

// The label of the element that has the focus, looking into the checkout's shadow root.
function focusedLabel(world) {
  return world.page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el) return '';
    if (el.tagName === 'BUTTON') return `button:${el.textContent.trim()}`;
    return el.labels?.[0]?.textContent.trim() ?? el.tagName;
  });
}

async function payWithCard(world, number) {
  await field(world, 'Card number').fill('');
  await field(world, 'Card number').pressSequentially(typed(world, number));
  await field(world, 'Expiry date').fill('');
  await field(world, 'Expiry date').pressSequentially(fillDates('{future expiry}'));
  await field(world, 'Security code').fill('');
  await field(world, 'Security code').pressSequentially(number.startsWith('3') ? '1234' : '123');
  await field(world, 'Name on card').fill('Ann Lee');
  await world.page.locator('switchyard-checkout button[type=submit]').click();
}

Given('the demo shop is open in the browser', async function () {
  await openPage(this, `${this.server.baseUrl}/demo/shop`);
  await waitForClientToken(this);
});

Given('a merchant page on another origin embeds the checkout', async function () {
  this.merchantSite = await startMerchantSite({ switchyard: this.server.baseUrl, apiKey: this.apiKey });
  await openPage(this, `${this.merchantSite.url}/`);
});

Given('a merchant page on another origin embeds the checkout with payment-url {string}', async function (paymentUrl) {
  this.merchantSite = await startMerchantSite({ switchyard: this.server.baseUrl, apiKey: this.apiKey, paymentUrl });
  await openPage(this, `${this.merchantSite.url}/`);
});

When('the shopper types {string} into {string}', async function (value, label) {
  await field(this, label).pressSequentially(typed(this, value));
});

When('types {string} into {string}', async function (value, label) {
  await field(this, label).pressSequentially(typed(this, value));
});

When('the shopper replaces {string} with {string}', async function (label, value) {
  const input = field(this, label);
  await input.click();
  await input.press('Control+A');
  await input.press('Backspace');
  await input.pressSequentially(typed(this, value));
});

When('leaves the field', async function () {
  await this.page.keyboard.press('Tab');
});

When('the shopper presses the pay button', async function () {
  await this.page.locator('switchyard-checkout button[type=submit]').click();
});

When('the shopper presses Enter', async function () {
  await this.page.keyboard.press('Enter');
});

When('the shopper pays with card {string}', async function (number) {
  await waitForClientToken(this);
  await payWithCard(this, number);
});

When('the shopper tabs to {string} and types, tabbing from field to field:', async function (first, table) {
  const rows = table.raw();
  for (let i = 0; i < 15 && !(await focusedLabel(this)).startsWith(first); i++) await this.page.keyboard.press('Tab');
  for (const [label, value] of rows) {
    assert.ok((await focusedLabel(this)).startsWith(label), `expected the focus on "${label}", it is on "${await focusedLabel(this)}"`);
    await this.page.keyboard.type(typed(this, value));
    await this.page.keyboard.press('Tab');
  }
});

Then('{string} shows {string}', async function (label, value) {
  assert.equal(await field(this, label).inputValue(), value);
});

Then('the checkout shows the {string} logo', async function (networkLabel) {
  const network = this.page.locator('switchyard-checkout #number-network');
  await network.filter({ hasText: networkLabel }).waitFor({ timeout: UI_TIMEOUT });
  assert.equal(await this.page.locator('switchyard-checkout #logo svg').count(), 1, 'one network logo');
});

Then('{string} is invalid with {string}', async function (label, message) {
  const input = field(this, label);
  await this.page.waitForFunction(
    ([el, text]) => {
      const ids = (el.getAttribute('aria-describedby') || '').split(/\s+/);
      const described = ids.map((id) => el.getRootNode().getElementById(id)?.textContent ?? '').join(' ');
      return el.getAttribute('aria-invalid') === 'true' && described.includes(text);
    },
    [await input.elementHandle(), message],
    { timeout: UI_TIMEOUT },
  );
});

Then('{string} is valid', async function (label) {
  const input = field(this, label);
  assert.equal(await input.getAttribute('aria-invalid'), null);
  const errorText = await input.evaluate((el) => el.getRootNode().getElementById(`${el.id}-error`).textContent);
  assert.equal(errorText, '');
});

Then('the checkout says {string}', async function (text) {
  await this.page.locator('switchyard-checkout [role=status]').filter({ hasText: text }).waitFor({ timeout: UI_TIMEOUT });
});

Then('the shop shows {string}', async function (text) {
  const result = this.page.locator('#result');
  await this.page.waitForFunction((t) => document.getElementById('result').textContent === t, text, { timeout: UI_TIMEOUT })
    .catch(async () => assert.fail(`#result says "${await result.textContent()}", expected "${text}"`));
});

Then('{string} has the keyboard focus', async function (label) {
  assert.ok((await focusedLabel(this)).startsWith(label), `the focus is on "${await focusedLabel(this)}"`);
});

Then('the pay button has the keyboard focus', async function () {
  assert.match(await focusedLabel(this), /^button:Pay/);
});

Then('the browser sent nothing to {string}', async function (path) {
  assert.deepEqual(this.browserRequests.filter((r) => new URL(r.url).pathname === path), []);
});

Then('the page reported no errors, Content-Security-Policy violations included', async function () {
  assert.deepEqual(this.consoleErrors, []);
});

Then('no card number reached the server\'s output', async function () {
  const output = this.server.allOutput();
  assert.ok(this.pans.size > 0, 'the scenario typed card numbers');
  for (const pan of this.pans) assert.ok(!output.includes(pan), `card number ${pan.slice(0, 6)}… in the server's output`);
});

Then('the browser sent the card number to Switchyard\'s {string} and nowhere else', async function (path) {
  await this.page.waitForFunction(() => window.checkoutEvents.some((e) => e.type === 'token' || e.type === 'error'), null, { timeout: UI_TIMEOUT });
  const withCard = this.browserRequests.filter((r) => [...this.pans].some((p) => r.postData.includes(p)));
  assert.ok(withCard.length > 0, 'the card was sent');
  for (const r of withCard) assert.equal(r.url, `${this.server.baseUrl}${path}`);
});

Then('the merchant page got a {string} event for a {string} card ending in {string}, without the card number', async function (type, network, last4) {
  const events = await this.page.evaluate(() => window.checkoutEvents);
  const event = events.find((e) => e.type === type);
  assert.ok(event, `no ${type} event; got ${JSON.stringify(events)}`);
  assert.match(event.detail.token, /\S{8,}/);
  assert.equal(event.detail.paymentInstrumentData.network, network);
  assert.equal(event.detail.paymentInstrumentData.last4Digits, last4);
  const text = JSON.stringify(events);
  for (const pan of this.pans) assert.ok(!text.includes(pan), 'the card number is in an event');
});

Then('the merchant page got a {string} event with status {string}', async function (type, status) {
  await this.page.waitForFunction((t) => window.checkoutEvents.some((e) => e.type === t), type, { timeout: UI_TIMEOUT });
  const events = await this.page.evaluate(() => window.checkoutEvents);
  assert.equal(events.find((e) => e.type === type).detail.status, status);
});

Then('the merchant\'s server received no card number', async function () {
  const text = JSON.stringify(this.merchantSite.received);
  for (const pan of this.pans) assert.ok(!text.includes(pan), 'the merchant server saw the card number');
});

Then('the merchant\'s server received a payment method token and no card number', async function () {
  const pay = this.merchantSite.received.filter((r) => r.url === '/pay');
  assert.equal(pay.length, 1);
  const token = await this.page.evaluate(() => window.checkoutEvents.find((e) => e.type === 'token').detail.token);
  assert.deepEqual(JSON.parse(pay[0].body), { paymentMethodToken: token });
  const text = JSON.stringify(this.merchantSite.received);
  for (const pan of this.pans) assert.ok(!text.includes(pan), 'the merchant server saw the card number');
});
