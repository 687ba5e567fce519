'use strict';
// The admin API and a second merchant.
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { Given, When, Then } = require('@cucumber/cucumber');

const SCOPES = ['payments:write', 'payments:read', 'client-session:write', 'workflows:read', 'workflows:write',
  'webhooks:read', 'webhooks:write', 'payment-instruments:read', 'payment-instruments:write'];

Given('the operator has set up merchant {string} through the admin API with an API key and a {string} connection {string}',
  async function (name, processor, processorMerchantId) {
    const merchantName = `Merchant ${name} ${crypto.randomBytes(4).toString('hex')}`;
    let res = await this.admin('POST', '/admin/merchants', { name: merchantName });
    this.expectStatus(201, res);
    assert.ok(res.body.id, 'the new merchant has no id');
    assert.equal(res.body.name, merchantName);
    assert.ok(res.body.createdAt, 'the new merchant has no createdAt');
    const id = res.body.id;

    res = await this.admin('POST', `/admin/merchants/${encodeURIComponent(id)}/api-keys`, { scopes: SCOPES });
    this.expectStatus(201, res);
    assert.ok(typeof res.body.key === 'string' && res.body.key.length >= 16, 'the API key is missing or short');
    assert.ok(res.body.id, 'the API key has no id');
    assert.deepStrictEqual([...res.body.scopes].sort(), [...SCOPES].sort(), 'scopes');
    const apiKey = res.body.key;
    assert.notEqual(apiKey, this.server.demoApiKey);

    const credentials = { apiKey: `secret-${crypto.randomBytes(8).toString('hex')}` };
    res = await this.admin('POST', `/admin/merchants/${encodeURIComponent(id)}/connections`,
      { processor, processorMerchantId, credentials, isDefault: true });
    this.expectStatus(201, res);
    assert.ok(!res.text.includes(credentials.apiKey), 'the connection response returns its credentials');

    this.merchants[name] = { name, id, apiKey };
  });

Given('the demo merchant {string} has an authorized payment of {int} {string} for order {string}',
  async function (name, amount, currency, orderId) {
    this.merchants[name] = { name, apiKey: this.server.demoApiKey };
    this.merchants[name].payment = await this.authorizedPayment(amount, currency, { orderId, as: name });
  });

const ACTIONS = {
  retrieve: (id) => ['GET', `/payments/${id}`, undefined],
  capture: (id) => ['POST', `/payments/${id}/capture`, {}],
  refund: (id) => ['POST', `/payments/${id}/refund`, { amount: 100 }],
  cancel: (id) => ['POST', `/payments/${id}/cancel`, {}],
};

When('merchant {string} tries to {word} merchant {string}\'s payment', async function (who, action, owner) {
  assert.ok(ACTIONS[action], `unknown action ${action}`);
  const [method, path, body] = ACTIONS[action](this.merchant(owner).payment.id);
  await this.api(method, path, { body, apiKey: this.keyOf(who) });
});

When('merchant {string} retrieves its payment', async function (name) {
  const m = this.merchant(name);
  await this.api('GET', `/payments/${m.payment.id}`, { apiKey: m.apiKey });
});

When('merchant {string} takes a card payment of {int} {string} for order {string}', async function (name, amount, currency, orderId) {
  const m = this.merchant(name);
  await this.createSession({ orderId, currencyCode: currency, amount }, { as: name });
  await this.tokenizeOk('4111111111111111');
  const res = await this.send('POST', '/payments', { body: { paymentMethodToken: this.token }, apiKey: m.apiKey });
  m.payment = res.body;
});

Given('merchant {string} has a client session for order {string} of {int} {string} and a tokenized card {string}',
  async function (name, orderId, amount, currency, card) {
    const m = this.merchant(name);
    m.session = await this.createSession({ orderId, currencyCode: currency, amount }, { as: name });
    m.token = await this.tokenizeOk(card);
  });

When('merchant {string} creates a payment with that token', async function (name) {
  await this.send('POST', '/payments', { body: { paymentMethodToken: this.token }, apiKey: this.keyOf(name) });
});

When('merchant {string} retrieves that client session', async function (name) {
  await this.api('GET', `/client-session?clientToken=${encodeURIComponent(this.session.clientToken)}`, { apiKey: this.keyOf(name) });
});

When(/^merchant "([^"]*)" (has paid|pays) with that token using idempotency key "([^"]*)"$/, async function (name, verb, key) {
  const m = this.merchant(name);
  const res = await this.send('POST', '/payments', { body: { paymentMethodToken: m.token }, apiKey: m.apiKey, idempotencyKey: key });
  if (verb === 'has paid') this.expectStatus(200, res);
  if (res.status === 200) m.payment = res.body;
});

Then('the payment is not merchant {string}\'s payment', function (name) {
  const other = this.merchant(name).payment;
  assert.ok(other && other.id, `merchant ${name} has no payment`);
  assert.notEqual(this.last.body.id, other.id, 'both merchants got the same payment');
});

// --- admin API authentication -----------------------------------------------------------------------
const intruder = { name: 'Intruder' };

When('someone calls {word} {string} with no Authorization header', async function (method, path) {
  await this.api(method, path, { body: intruder, apiKey: null });
});

When('someone calls {word} {string} with a wrong admin key', async function (method, path) {
  await this.api(method, path, { body: intruder, apiKey: null, bearer: `admin_${crypto.randomBytes(24).toString('hex')}` });
});

When('someone calls {word} {string} with the demo merchant\'s API key as bearer', async function (method, path) {
  await this.api(method, path, { body: intruder, apiKey: null, bearer: this.server.demoApiKey });
});

When('someone calls {word} {string} with the admin key as X-Api-Key', async function (method, path) {
  await this.api(method, path, { body: intruder, apiKey: this.server.adminKey });
});

When('someone calls {word} {string} without credentials', async function (method, path) {
  await this.api(method, path, { apiKey: null });
});
