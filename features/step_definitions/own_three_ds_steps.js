'use strict';
// Switchyard's own 3-D Secure (own_three_d_secure.feature): what the test processor's emulator was
// sent, read back from its API (GET /v1/payments/{id} with the demo connection's key).
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { Given, When, Then } = require('@cucumber/cucumber');

function demoMerchantId(world) {
  return fs.readFileSync(path.join(world.server.dataDir, 'demo-merchant'), 'utf8').trim();
}

// The emulator the server started for `processor` (DATA/sandboxes: "PROCESSOR URL" per line).
function emulatorUrl(world, processor) {
  const lines = fs.readFileSync(path.join(world.server.dataDir, 'sandboxes'), 'utf8').split('\n');
  const line = lines.map((l) => l.trim().split(' ')).find(([p]) => p === processor);
  assert.ok(line, `DATA/sandboxes lists no ${processor} emulator`);
  return line[1].replace(/\/$/, '');
}

// The test processor's record of the payment's authorized SALE.
async function testProcessorPayment(world) {
  const sale = (world.payment.transactions || []).find((t) => t.type === 'SALE' && t.processorTransactionId &&
                                                         t.processorStatus === 'AUTHORIZED');
  assert.ok(sale, `no authorized SALE in ${JSON.stringify(world.payment.transactions)}`);
  const res = await fetch(`${emulatorUrl(world, 'TEST_PROCESSOR')}/v1/payments/${sale.processorTransactionId}`,
                          { headers: { authorization: 'Bearer sk_sandbox_demo' } });
  assert.equal(res.status, 200, await res.clone().text());
  return res.json();
}

Given('the demo merchant also has a {string} connection {string} without usable credentials', async function (processor, name) {
  // Credentials the connector cannot read: every call fails before it is sent (PROCESSOR_ERROR).
  // The feature's server outlives one scenario: a connection made by an earlier one stays.
  const res = await this.admin('POST', `/admin/merchants/${encodeURIComponent(demoMerchantId(this))}/connections`,
    { processor, processorMerchantId: name, credentials: { unrelated: 'value' }, isDefault: false });
  if (res.status !== 409) this.expectStatus(201, res);
});

When('the merchant pays {int} {string} with instrument {int} and the payment type {string}', async function (amount, currency, n, paymentType) {
  assert.ok((this.instruments || [])[n - 1], `no instrument ${n} in this scenario`);
  const res = await this.send('POST', '/payments', {
    body: {
      paymentMethodToken: this.instruments[n - 1].token,
      orderId: `order-${Math.random().toString(36).slice(2, 10)}`,
      currencyCode: currency,
      amount,
      paymentMethod: { paymentType },
    },
  });
  this.expectStatus(200, res);
});

Then('the test processor authorized the payment with 3-D Secure ECI {string}', async function (eci) {
  const p = await testProcessorPayment(this);
  assert.ok(p.three_d_secure, `sent without 3-D Secure: ${JSON.stringify(p)}`);
  assert.equal(p.three_d_secure.eci, eci);
  assert.equal(p.three_d_secure.trans_status, 'Y');
  assert.match(p.three_d_secure.transaction_id, /^[0-9a-f-]{36}$/);
});

// The emulator's card.cvc_check: "pass" when the authorization carried the CVV the shopper typed.
Then('the test processor received the card\'s security code', async function () {
  const p = await testProcessorPayment(this);
  assert.equal(p.card?.cvc_check, 'pass', JSON.stringify(p));
});

Then('the test processor authorized the payment without 3-D Secure', async function () {
  const p = await testProcessorPayment(this);
  assert.equal(p.three_d_secure, undefined, JSON.stringify(p));
});

Then('the test processor authorized the payment as merchant-initiated with a stored credential', async function () {
  const p = await testProcessorPayment(this);
  assert.equal(p.initiator, 'merchant', JSON.stringify(p));
  assert.equal(p.stored_credential, true, JSON.stringify(p));
  assert.equal(p.three_d_secure, undefined, JSON.stringify(p));
});

Then('no processor was called for the payment', function () {
  const called = (this.payment.transactions || []).filter((t) => t.processorTransactionId);
  assert.deepEqual(called, [], JSON.stringify(this.payment.transactions));
});
