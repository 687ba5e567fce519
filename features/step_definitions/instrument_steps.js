'use strict';
// Payment instruments (docs/vault.md): vaulting tokens for a customer, listing, the default,
// deleting, and paying with a vaulted card at any connection.
const assert = require('node:assert/strict');
const { Given, When, Then } = require('@cucumber/cucumber');
const { checkFields } = require('./helpers');

// The instruments this scenario vaulted, in order; steps name them "instrument 1", "instrument 2"...
function instrument(world, n) {
  const i = (world.instruments || [])[n - 1];
  assert.ok(i, `no instrument ${n} in this scenario (vaulted: ${(world.instruments || []).length})`);
  return i;
}

async function vault(world, token, customerId, { as } = {}) {
  const res = await world.api('POST', `/payment-instruments/${encodeURIComponent(token)}/vault`,
    { body: { customerId }, apiKey: as ? world.keyOf(as) : undefined });
  return res;
}

Given('a card token for the card {string}', async function (card) {
  await this.createSession({ orderId: `order-${Math.random().toString(36).slice(2, 10)}`, currencyCode: 'EUR', amount: 1500 });
  await this.tokenizeOk(card);
});

When('the merchant vaults the token for customer {string}', async function (customerId) {
  const res = await vault(this, this.token, customerId);
  if (res.status === 200) (this.instruments ||= []).push(res.body);
});

Given('the merchant has vaulted the card {string} for customer {string}', async function (card, customerId) {
  await this.createSession({ orderId: `order-${Math.random().toString(36).slice(2, 10)}`, currencyCode: 'EUR', amount: 1500 });
  await this.tokenizeOk(card);
  const res = await vault(this, this.token, customerId);
  this.expectStatus(200, res);
  (this.instruments ||= []).push(res.body);
});

Then('the same instrument as instrument {int} is returned', function (n) {
  this.expectStatus(200);
  assert.equal(this.last.body.token, instrument(this, n).token, 'vaulting again gave another instrument');
});

When('the merchant lists the payment instruments of customer {string}', async function (customerId) {
  await this.api('GET', `/payment-instruments?customer_id=${encodeURIComponent(customerId)}`);
});

When('the merchant lists the payment instruments without a customer', async function () {
  await this.api('GET', '/payment-instruments');
});

Then('the list holds instruments {string}', function (which) {
  this.expectStatus(200);
  const want = which === '' ? [] : which.split(',').map((s) => instrument(this, Number(s.trim())).token);
  assert.deepEqual(this.last.body.data.map((i) => i.token), want);
});

Then('in the list instrument {int} shows:', function (n, table) {
  const token = instrument(this, n).token;
  const found = this.last.body.data.find((i) => i.token === token);
  assert.ok(found, `instrument ${n} is not in the list`);
  checkFields(found, table, `instrument ${n}`);
});

When('the merchant makes instrument {int} the default', async function (n) {
  await this.api('POST', `/payment-instruments/${instrument(this, n).token}/default`);
});

When('the merchant deletes instrument {int}', async function (n) {
  await this.api('DELETE', `/payment-instruments/${instrument(this, n).token}`);
});

When('the merchant pays {int} {string} with instrument {int} at {string}', async function (amount, currency, n, connection) {
  await this.send('POST', '/payments', {
    body: {
      paymentMethodToken: instrument(this, n).token,
      orderId: `order-${Math.random().toString(36).slice(2, 10)}`,
      currencyCode: currency,
      amount,
      processor: { processorMerchantId: connection },
    },
  });
});

When('the merchant pays {int} {string} with instrument {int}', async function (amount, currency, n) {
  await this.send('POST', '/payments', {
    body: {
      paymentMethodToken: instrument(this, n).token,
      orderId: `order-${Math.random().toString(36).slice(2, 10)}`,
      currencyCode: currency,
      amount,
    },
  });
});

Then("the payment's card was vaulted as a new instrument", function () {
  const pm = this.payment.paymentMethod;
  assert.equal(pm.isVaulted, true, JSON.stringify(pm));
  assert.ok(pm.paymentMethodToken && pm.paymentMethodToken !== this.token, 'the payment still names the single-use token');
  (this.instruments ||= []).push({ token: pm.paymentMethodToken });
});

When('merchant {string} calls {word} {string} on instrument {int} with the body:', async function (who, method, suffix, n, doc) {
  const path = `/payment-instruments/${instrument(this, n).token}${suffix === '/' ? '' : suffix}`;
  await this.api(method, path, { raw: doc.trim() || undefined, apiKey: this.keyOf(who) });
});

When('merchant {string} lists the payment instruments of customer {string}', async function (who, customerId) {
  await this.api('GET', `/payment-instruments?customer_id=${encodeURIComponent(customerId)}`, { apiKey: this.keyOf(who) });
});

When('the merchant vaults the token with the body:', async function (doc) {
  await this.api('POST', `/payment-instruments/${this.token}/vault`, { raw: doc });
});

When('the merchant vaults the token {string} for customer {string}', async function (token, customerId) {
  await vault(this, token, customerId);
});
