'use strict';
// Crashing, restarting and stopping the server; request ids.
const assert = require('node:assert/strict');
const { When, Then } = require('@cucumber/cucumber');
const { sleep } = require('./helpers');

async function snapshot(world) {
  if (!world.payment) return;
  const res = await world.api('GET', `/payments/${world.payment.id}`);
  world.expectStatus(200, res);
  world.snapshot = res.body;
}

When('the server is killed with SIGKILL', async function () {
  await snapshot(this);
  const exit = await this.server.kill('SIGKILL');
  assert.equal(exit.signal, 'SIGKILL');
});

When('the server is stopped with SIGTERM', async function () {
  await snapshot(this);
  const exit = await this.server.kill('SIGTERM');
  assert.ok(!exit.timedOut, 'the server did not exit within 10 s of SIGTERM');
  assert.equal(exit.code, 0, `exit after SIGTERM: ${JSON.stringify(exit)}`);
});

// No request in between: the signal arrives as soon as the server reports that it is ready.
When('the server is stopped with SIGTERM at once', async function () {
  const exit = await this.server.kill('SIGTERM');
  assert.ok(!exit.timedOut, 'the server did not exit within 10 s of SIGTERM');
  assert.equal(exit.code, 0, `exit after SIGTERM: ${JSON.stringify(exit)}`);
});

When('the server is started again on the same data directory', async function () {
  await this.server.start();
  this.apiKey = this.server.demoApiKey;
});

Then('the payment has the same amount, currency, order and transactions as before the crash', function () {
  const before = this.snapshot;
  const after = this.last.body;
  assert.ok(before, 'no snapshot taken before the crash');
  for (const f of ['id', 'status', 'amount', 'currencyCode', 'orderId', 'date', 'processor', 'paymentMethod', 'transactions']) {
    assert.deepStrictEqual(after[f], before[f], `"${f}" changed across the restart`);
  }
});

When('the merchant repeats the first payment request with idempotency key {string}', async function (key) {
  assert.ok(this.lastRequest && this.lastRequest.opts.idempotencyKey === key, `the last request was not sent with idempotency key ${key}`);
  await this.resend();
});

Then('the payment is the same payment as before the crash', function () {
  assert.equal(this.last.body.id, this.snapshot.id);
  assert.equal(this.last.body.status, this.snapshot.status);
});

Then('every response in this scenario had a distinct, non-empty X-Request-Id', function () {
  const ids = this.responses.map((r) => r.headers['x-request-id']);
  assert.ok(ids.length >= 2, 'too few responses');
  ids.forEach((id, i) => assert.ok(id && id.trim(), `response ${i + 1} has no X-Request-Id`));
  assert.equal(new Set(ids).size, ids.length, `X-Request-Id values repeat: ${ids}`);
});

Then('every error response in this scenario had its X-Request-Id as diagnosticsId', function () {
  const errors = this.responses.filter((r) => r.status >= 400);
  assert.ok(errors.length >= 1, 'no error responses in this scenario');
  for (const r of errors) {
    assert.equal(r.body.error.diagnosticsId, r.headers['x-request-id'], `${r.method} ${r.path} → ${r.status}`);
  }
});

When('the merchant starts creating a payment with the token without waiting for the answer', function () {
  this.sentAt = Date.now();
  this.inflight = this.api('POST', '/payments', { body: { paymentMethodToken: this.token } })
    .then((res) => ({ res }), (error) => ({ error }));
});

When('the server receives SIGTERM {int} ms later, while that request is in flight', async function (ms) {
  await sleep(Math.max(0, this.sentAt + ms - Date.now()));
  let settled = false;
  this.inflight.then(() => { settled = true; });
  await new Promise((r) => setImmediate(r));
  assert.ok(!settled, 'the request was already answered before SIGTERM: nothing was in flight');
  this.exiting = this.server.kill('SIGTERM', 15_000);
});

Then('the in-flight request is answered with status {int} and a payment', async function (status) {
  const { res, error } = await this.inflight;
  assert.ok(!error, `the in-flight request got no answer: ${error && error.message}`);
  assert.equal(res.status, status, res.text.slice(0, 1000));
  assert.ok(res.body.id && res.body.status, 'the answer is not a payment');
});

Then('the server exits with code {int} within {int} seconds', async function (code, seconds) {
  const exit = await Promise.race([this.exiting, sleep(seconds * 1000).then(() => null)]);
  assert.ok(exit && !exit.timedOut, `the server did not exit within ${seconds} s of SIGTERM`);
  assert.equal(exit.code, code, `exit: ${JSON.stringify(exit)}`);
});
