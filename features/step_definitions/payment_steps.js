'use strict';
// Client sessions, tokenization, payments, captures, refunds, cancels and their checks.
const assert = require('node:assert/strict');
const { Given, When, Then } = require('@cucumber/cucumber');
const { checkFields, list, sleep } = require('./helpers');

const parseDoc = (doc) => (doc.trim() ? JSON.parse(doc) : {});

// --- client sessions -------------------------------------------------------------------------------
When('the merchant creates a client session with:', async function (doc) {
  const body = parseDoc(doc);
  const res = await this.api('POST', '/client-session', { body });
  this.session = { clientToken: res.body?.clientToken, request: body, response: res.body };
});

Given(/^(?:the merchant has created )?a client session with:$/, async function (doc) {
  await this.createSession(parseDoc(doc));
});

Given('a client session for order {string} of {int} {string}', async function (orderId, amount, currency) {
  await this.createSession({ orderId, currencyCode: currency, amount });
});

When('the merchant retrieves the client session by its client token', async function () {
  await this.api('GET', `/client-session?clientToken=${encodeURIComponent(this.session.clientToken)}`);
});

When('the merchant retrieves the client session with client token {string}', async function (token) {
  await this.api('GET', `/client-session?clientToken=${encodeURIComponent(token)}`);
});

When('the merchant updates the client session with:', async function (doc) {
  await this.api('PATCH', '/client-session', { body: { clientToken: this.session.clientToken, ...parseDoc(doc) } });
});

When('the merchant updates the client session with client token {string} and:', async function (token, doc) {
  await this.api('PATCH', '/client-session', { body: { clientToken: token, ...parseDoc(doc) } });
});

// --- tokenization ---------------------------------------------------------------------------------
When('the shopper tokenizes the card {string}', async function (card) {
  await this.tokenize(card);
});

When('the shopper tokenizes the card {string} with client token {string}', async function (card, clientToken) {
  await this.tokenize(card, { clientToken });
});

Given('the shopper has tokenized the card {string}', async function (card) {
  await this.tokenizeOk(card);
});

Given('a fresh card token for order {string}', async function (orderId) {
  await this.createSession({ orderId });
  await this.tokenizeOk('4111111111111111');
});

// --- payments ---------------------------------------------------------------------------------------
When('the merchant creates a payment with the token', async function () {
  await this.send('POST', '/payments', { body: { paymentMethodToken: this.token } });
});

Given('the merchant has created a payment with the token', async function () {
  const res = await this.send('POST', '/payments', { body: { paymentMethodToken: this.token } });
  this.expectStatus(200, res);
});

When('the merchant creates a payment with the token and:', async function (doc) {
  await this.send('POST', '/payments', { body: { paymentMethodToken: this.token, ...parseDoc(doc) } });
});

When('the merchant creates a payment with the token using idempotency key {string}', async function (key) {
  await this.send('POST', '/payments', { body: { paymentMethodToken: this.token }, idempotencyKey: key });
});

Given('the merchant has created a payment with the token using idempotency key {string}', async function (key) {
  const res = await this.send('POST', '/payments', { body: { paymentMethodToken: this.token }, idempotencyKey: key });
  this.expectStatus(200, res);
});

When('the merchant creates a payment with the token using idempotency key {string} and:', async function (key, doc) {
  await this.send('POST', '/payments', { body: { paymentMethodToken: this.token, ...parseDoc(doc) }, idempotencyKey: key });
});

When('the merchant creates a payment with the body:', async function (doc) {
  await this.send('POST', '/payments', { raw: this.fill(doc) });
});

When(/^the merchant sends (GET|POST|PUT|PATCH|DELETE) "([^"]*)" with the (?:raw )?body:$/, async function (method, path, doc) {
  const raw = doc.trim() ? this.fill(doc) : undefined;
  await this.send(method, path, { raw });
});

When('the merchant creates a payment for order {string} whose body is {int} bytes long', async function (orderId, size) {
  const body = { paymentMethodToken: this.token, orderId, currencyCode: 'EUR', amount: 100, metadata: { pad: '' } };
  const base = Buffer.byteLength(JSON.stringify(body));
  body.metadata.pad = 'x'.repeat(size - base);
  const raw = JSON.stringify(body);
  assert.equal(Buffer.byteLength(raw), size);
  await this.send('POST', '/payments', { raw });
});

const paymentFor = (world, orderId) => ({ paymentMethodToken: world.token, orderId, currencyCode: 'EUR', amount: 100 });

When('the merchant creates a payment for order {string} with the token and no X-Api-Key header', async function (orderId) {
  await this.send('POST', '/payments', { body: paymentFor(this, orderId), apiKey: null });
});

When('the merchant creates a payment for order {string} with the token and the X-Api-Key {string}', async function (orderId, key) {
  await this.send('POST', '/payments', { body: paymentFor(this, orderId), apiKey: key });
});

When('the merchant creates a payment for order {string} with the token and the X-Api-Version {string}', async function (orderId, version) {
  await this.send('POST', '/payments', { body: paymentFor(this, orderId), apiVersion: version });
});

When('the merchant creates a payment for order {string} with the token and no X-Api-Version header', async function (orderId) {
  await this.send('POST', '/payments', { body: paymentFor(this, orderId), apiVersion: null });
});

Given('an authorized payment of {int} {string}', async function (amount, currency) {
  await this.authorizedPayment(amount, currency);
});

Given('a settled payment of {int} {string}', async function (amount, currency) {
  await this.authorizedPayment(amount, currency);
  const res = await this.send('POST', `/payments/${this.payment.id}/capture`, { body: {} });
  this.expectStatus(200, res);
  assert.equal(res.body.status, 'SETTLED');
});

When('the merchant retrieves the payment', async function () {
  assert.ok(this.payment, 'no payment yet');
  const res = await this.api('GET', `/payments/${this.payment.id}`);
  this.rememberPayment(res);
});

// --- captures, refunds, cancels --------------------------------------------------------------------
const capture = (world, body, key) =>
  world.send('POST', `/payments/${world.payment.id}/capture`, { body, idempotencyKey: key });

When('the merchant captures the payment without an amount', async function () {
  await capture(this, {});
});

When('the merchant captures {int} as a non-final capture', async function (amount) {
  await capture(this, { amount, final: false });
});

When('the merchant captures {int} as a non-final capture using idempotency key {string}', async function (amount, key) {
  await capture(this, { amount, final: false }, key);
});

When(/^the merchant (captures|has captured) (\d+) as the final capture$/, async function (verb, amount) {
  const res = await capture(this, { amount: Number(amount), final: true });
  if (verb === 'has captured') this.expectStatus(200, res);
});

When(/^the merchant (refunds|has refunded) (\d+)$/, async function (verb, amount) {
  const res = await this.send('POST', `/payments/${this.payment.id}/refund`, { body: { amount: Number(amount) } });
  if (verb === 'has refunded') this.expectStatus(200, res);
});

When('the merchant refunds {int} using idempotency key {string}', async function (amount, key) {
  await this.send('POST', `/payments/${this.payment.id}/refund`, { body: { amount }, idempotencyKey: key });
});

When('the merchant cancels the payment with reason {string}', async function (reason) {
  await this.send('POST', `/payments/${this.payment.id}/cancel`, { body: { reason } });
});

When('the merchant sends the same request again', async function () {
  await this.resend();
});

// --- payment checks ---------------------------------------------------------------------------------
Then('the payment status is {string}', function (status) {
  this.expectStatus(200);
  assert.equal(this.last.body.status, status, `payment ${this.last.body.id} is ${this.last.body.status}, expected ${status}` +
    (this.last.body.statusReason ? ` (statusReason ${JSON.stringify(this.last.body.statusReason)})` : ''));
});

Then(/^the payment has (\d+) transactions?$/, function (n) {
  const txs = this.last.body.transactions;
  assert.ok(Array.isArray(txs), `the payment has no transactions list: ${this.last.text.slice(0, 1000)}`);
  assert.equal(txs.length, Number(n), `expected ${n} transaction(s), got ${JSON.stringify(txs, null, 1)}`);
});

Then(/^the payment has (\d+) "([A-Z]+)" transactions?$/, function (n, type) {
  const txs = (this.last.body.transactions || []).filter((t) => t.type === type);
  assert.equal(txs.length, Number(n), `expected ${n} ${type} transaction(s), got ${JSON.stringify(this.last.body.transactions, null, 1)}`);
});

Then('transaction {int} shows:', function (n, table) {
  const tx = (this.last.body.transactions || [])[n - 1];
  assert.ok(tx, `the payment has no transaction ${n}`);
  checkFields(tx, table, `transaction ${n}`);
});

Then('the {string} transactions have the amounts {string}', function (type, amounts) {
  const got = (this.last.body.transactions || []).filter((t) => t.type === type).map((t) => t.amount);
  assert.deepStrictEqual(got, list(amounts).map(Number), `${type} transaction amounts`);
});

Then(/^exactly (\d+) payments? exists? for order "([^"]*)"$/, async function (n, orderId) {
  const last = this.last;
  const data = await this.paymentsForOrder(orderId);
  assert.equal(data.length, Number(n), `expected ${n} payment(s) for order ${orderId}, got ${JSON.stringify(data.map((p) => p.id))}`);
  if (Number(n) === 1 && this.payment && this.payment.orderId === orderId) {
    assert.equal(data[0].id, this.payment.id, 'the listed payment is not the one created');
  }
  this.last = last;
});

Then('no payment exists for order {string}', async function (orderId) {
  const last = this.last;
  const data = await this.paymentsForOrder(orderId);
  assert.deepStrictEqual(data.map((p) => p.id), [], `expected no payment for order ${orderId}`);
  this.last = last;
});

When('the merchant polls the payment until it is no longer {string}, for at most {int} seconds', async function (status, seconds) {
  const deadline = Date.now() + seconds * 1000;
  this.polled = [this.payment.status];
  for (;;) {
    const res = await this.api('GET', `/payments/${this.payment.id}`);
    this.expectStatus(200, res);
    this.polled.push(res.body.status);
    if (res.body.status !== status) break;
    if (Date.now() > deadline) throw new Error(`payment ${this.payment.id} still ${status} after ${seconds} s`);
    await sleep(100);
  }
  this.rememberPayment(this.last);
});

Then('while polling the payment was only ever {string}', function (allowed) {
  const ok = new Set(list(allowed));
  const bad = this.polled.filter((s) => !ok.has(s));
  assert.deepStrictEqual(bad, [], `statuses seen while polling: ${this.polled.join(' → ')}`);
});
