'use strict';
// Circuit breakers (circuit_breakers.feature): restarting the server with breaker settings, making
// a demo processor fail every call, and reading GET /connections/health and /healthz.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { Given, When, Then } = require('@cucumber/cucumber');
const { checkFields, sleep } = require('./helpers');

// Where each emulator's control endpoint lives, relative to its base URL (as sandbox_steps.js).
const CONTROL_PATH = { TEST_PROCESSOR: '/v1/_control', STRIPE: '/v1/_control', ADYEN: '/_control', CHECKOUTCOM: '/_control', SQUARE: '/_control' };

async function healthOf(world, processorMerchantId) {
  const res = await world.api('GET', '/connections/health');
  world.expectStatus(200, res);
  const entry = res.body.data.find((c) => c.processorMerchantId === processorMerchantId);
  assert.ok(entry, `GET /connections/health lists no "${processorMerchantId}": ${JSON.stringify(res.body)}`);
  return entry;
}

async function control(world, processorMerchantId, body) {
  const entry = await healthOf(world, processorMerchantId);
  const lines = fs.readFileSync(path.join(world.server.dataDir, 'sandboxes'), 'utf8').split('\n');
  const line = lines.map((l) => l.trim().split(' ')).find(([p]) => p === entry.processor);
  assert.ok(line, `DATA/sandboxes lists no ${entry.processor} emulator`);
  const url = line[1].replace(/\/$/, '') + CONTROL_PATH[entry.processor];
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk_test_sandbox_control', 'x-api-key': 'sandbox_control' },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 200, `${url} answered ${res.status}: ${await res.text()}`);
}

// One payment through a fresh client session and token; `extra` members go into POST /payments.
async function pay(world, card, extra) {
  const orderId = `order-${Math.random().toString(36).slice(2, 10)}`;
  await world.createSession({ orderId, currencyCode: 'EUR', amount: 1000 });
  await world.tokenizeOk(card);
  const res = await world.send('POST', '/payments', { body: { paymentMethodToken: world.token, ...extra } });
  world.expectStatus(200, res);
  return res.body;
}

Given('the server runs with the circuit breaker settings:', async function (table) {
  for (const { setting, value } of table.hashes()) {
    assert.match(setting, /^circuit_[a-z_]+$/);
    this.server.extraEnv[`SWITCHYARD_${setting.toUpperCase()}`] = value;
  }
  // The scenario's own fresh server has nothing in flight yet: stopped at once, started again with
  // the settings on the same data directory (the demo merchant and its key stay).
  const exit = await this.server.kill('SIGKILL');
  assert.equal(exit.signal, 'SIGKILL', JSON.stringify(exit));
  await this.server.start();
  this.apiKey = this.server.demoApiKey;
});

Given('the {string} sandbox answers every call with HTTP 500', async function (name) {
  await control(this, name, { reset: true, failNext: 1000000 });
});

Given('the {string} sandbox has recovered', async function (name) {
  await control(this, name, { reset: true });
});

Given('payments pinned to {string} meet the failing processor until its circuit breaker opens', async function (name) {
  for (let i = 0; i < 20; i++) {
    const p = await pay(this, '4242424242424242', { processor: { processorMerchantId: name } });
    // The recovery sweep's inquiries fail too and count: the breaker may open between two payments,
    // and then the next one is declined without a call.
    if (p.status === 'DECLINED' && p.statusReason?.advisedAction === 'RETRY_LATER') return;
    assert.equal(p.status, 'PENDING', `a payment meeting the failing processor: ${JSON.stringify(p)}`);
    const health = await healthOf(this, name);
    if (health.state !== 'CLOSED') return;
  }
  assert.fail(`the breaker of "${name}" did not open within 20 payments`);
});

Then('at most {int} of them met {string} and wait with an unknown outcome', function (n, name) {
  const met = this.batch.filter((p) => p.transactions.some((t) => t.processorMerchantId === name));
  assert.ok(met.length >= 1 && met.length <= n, `${met.length} payments met ${name}`);
  // They come first: once the breaker opened, no payment met the processor again.
  assert.deepEqual(this.batch.slice(0, met.length).map((p) => p.id), met.map((p) => p.id));
  for (const p of met) {
    assert.equal(p.status, 'PENDING', JSON.stringify(p));
    assert.equal(p.routing.authorization.state, 'WAITING', JSON.stringify(p.routing));
    assert.equal(p.transactions.length, 1, 'no fallback while the outcome is unknown');
  }
  this.met = met;
});

Then('the others were authorized on {string} with {string} skipped as CIRCUIT_OPEN', async function (to, skipped) {
  const others = this.batch.slice(this.met.length);
  assert.ok(others.length >= 1);
  for (const p of others) {
    assert.equal(p.status, 'AUTHORIZED', JSON.stringify(p));
    assert.deepEqual(p.transactions.map((t) => t.processorMerchantId), [to], 'a skipped connection has no transaction');
    assert.deepEqual(p.routing.authorization.skipped.map((s) => [s.processorMerchantId, s.reason]), [[skipped, 'CIRCUIT_OPEN']]);
  }
  const health = await healthOf(this, skipped);
  assert.equal(health.callsRefused, others.length, JSON.stringify(health));
});

Then('the health of the connection {string} shows:', async function (name, table) {
  checkFields(await healthOf(this, name), table, `health of ${name}`);
});

When('the health of the connection {string} is {string} within {int} seconds', async function (name, state, seconds) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const health = await healthOf(this, name);
    if (health.state === state) return;
    if (Date.now() > deadline) assert.fail(`"${name}" is still ${health.state} after ${seconds} s`);
    await sleep(50);
  }
});

Then(/^"\/healthz" counts (\d+) open circuit breakers?$/, async function (n) {
  const res = await this.api('GET', '/healthz', { apiKey: null });
  this.expectStatus(200, res);
  assert.equal(res.body.circuitBreakers?.open, Number(n), JSON.stringify(res.body));
});

When('the merchant polls the first of them until it is no longer {string}, for at most {int} seconds', async function (status, seconds) {
  const id = this.batch[0].id;
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const res = await this.api('GET', `/payments/${id}`);
    this.expectStatus(200, res);
    this.rememberPayment(res);
    if (res.body.status !== status) return;
    if (Date.now() > deadline) assert.fail(`payment ${id} still ${status} after ${seconds} s`);
    await sleep(100);
  }
});

When('the merchant pays again with the same card token and the request members {string}', async function (json) {
  const res = await this.send('POST', '/payments', { body: { paymentMethodToken: this.token, ...JSON.parse(json) } });
  this.expectStatus(200, res);
});

When('the merchant asks for the health of a connection id it does not have', async function () {
  await this.api('GET', '/connections/conn_not_this_merchants/health');
});
