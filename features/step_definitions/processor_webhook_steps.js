'use strict';
// Processors' own webhooks as the demo's emulators send them (their GET /_webhooks log), delivered
// again verbatim to Switchyard's inbound endpoint (a processor's redelivery), and disputes the
// emulators open on request (POST /_disputes), which reach the merchant as DISPUTE.* webhooks.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { When, Then } = require('@cucumber/cucumber');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function within(seconds, check) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > deadline) throw e;
    }
    await sleep(100);
  }
}

// Each emulator's debug paths, relative to its base URL.
const DEBUG_PREFIX = { STRIPE: '/v1', ADYEN: '', CHECKOUTCOM: '' };

async function demoConnection(world, processorMerchantId) {
  const merchantId = fs.readFileSync(path.join(world.server.dataDir, 'demo-merchant'), 'utf8').trim();
  const res = await world.admin('GET', `/admin/merchants/${encodeURIComponent(merchantId)}/connections`);
  world.expectStatus(200, res);
  const c = res.body.data.find((x) => x.processorMerchantId === processorMerchantId);
  assert.ok(c, `no demo connection ${processorMerchantId}`);
  assert.ok(c.processor in DEBUG_PREFIX, `no emulator webhooks for ${c.processor}`);
  return c;
}

function emulatorUrl(world, connection, tail) {
  const lines = fs.readFileSync(path.join(world.server.dataDir, 'sandboxes'), 'utf8').split('\n');
  const line = lines.map((l) => l.trim().split(' ')).find(([p]) => p === connection.processor);
  assert.ok(line, `DATA/sandboxes lists no ${connection.processor} emulator`);
  return line[1].replace(/\/$/, '') + DEBUG_PREFIX[connection.processor] + tail;
}

// The emulator accepts any key in its processor's auth header on its debug paths.
const DEBUG_HEADERS = { 'content-type': 'application/json', authorization: 'Bearer sk_test_sandbox_control', 'x-api-key': 'sandbox_control' };

async function processorPaymentId(world) {
  const res = await world.api('GET', `/payments/${world.payment.id}`);
  world.expectStatus(200, res);
  const sale = res.body.transactions.find((t) => t.transactionType === 'SALE' || t.type === 'SALE') || res.body.transactions[0];
  assert.ok(sale?.processorTransactionId, `no processor transaction id: ${JSON.stringify(res.body.transactions)}`);
  return sale.processorTransactionId;
}

// The webhooks the emulator sent about this payment, oldest first: [{url, headers, body, delivered}].
async function sentAbout(world, connection, processorId) {
  const res = await fetch(emulatorUrl(world, connection, '/_webhooks'), { headers: DEBUG_HEADERS });
  assert.equal(res.status, 200);
  const all = await res.json();
  return all.filter((w) => w.body.includes(`"${processorId}"`)).map((w) => ({ ...w, event: JSON.parse(w.body) }));
}

function typeOf(event) {
  return event.type ?? event.notificationItems?.[0]?.NotificationRequestItem?.eventCode;
}

Then('within {int} seconds the {string} sandbox has delivered its {string} webhook for the payment', async function (seconds, name, type) {
  const connection = await demoConnection(this, name);
  const processorId = await processorPaymentId(this);
  await within(seconds, async () => {
    const sent = await sentAbout(this, connection, processorId);
    const w = sent.find((x) => typeOf(x.event) === type);
    assert.ok(w, `the emulator sent no ${type} for ${processorId}; sent ${JSON.stringify(sent.map((x) => typeOf(x.event)))}`);
    assert.ok(w.delivered, `${type} is not delivered yet`);
  });
});

When('the {string} sandbox delivers its {string} webhook for the payment again', async function (name, type) {
  const connection = await demoConnection(this, name);
  const processorId = await processorPaymentId(this);
  const sent = await sentAbout(this, connection, processorId);
  const w = sent.filter((x) => typeOf(x.event) === type).pop();
  assert.ok(w, `the emulator sent no ${type} for ${processorId}`);
  // Byte for byte, with the processor's own signature headers, to the URL the emulator used.
  const target = new URL(w.url);
  await this.api('POST', target.pathname, { raw: w.body, apiKey: null, apiVersion: null, headers: w.headers });
  this.expectStatus(200);
});

When('the {string} sandbox moves a dispute on the payment to {string}', async function (name, status) {
  const connection = await demoConnection(this, name);
  const processorId = await processorPaymentId(this);
  const body = connection.processor === 'STRIPE' ? { payment_intent: processorId, status } : { payment_id: processorId, status };
  const res = await fetch(emulatorUrl(this, connection, '/_disputes'), { method: 'POST', headers: DEBUG_HEADERS, body: JSON.stringify(body) });
  const text = await res.text();
  assert.equal(res.status, 200, text);
  const answer = JSON.parse(text);
  assert.equal(answer.changed, true, text);
  this.disputeId = this.disputeId || answer.id;
  // One change at a time: the next is made once Switchyard accepted this one's webhook, as a
  // processor's changes days apart would arrive.
  await within(10, async () => {
    const sent = await sentAbout(this, connection, answer.id);
    assert.ok(sent.length > 0 && sent[sent.length - 1].delivered, `the ${status} webhook is not delivered yet`);
  });
});

Then('within {int} seconds the receiver has accepted these dispute webhooks for the payment, each once:', async function (seconds, table) {
  const paymentId = this.payment.id;
  const want = table.hashes().map((r) => `${r.eventType} ${r.status}`);
  await within(seconds, () => {
    const got = this.receiver.accepted
      .filter((r) => r.body?.paymentId === paymentId && r.body.eventType.startsWith('DISPUTE.'))
      .map((r) => `${r.body.eventType} ${r.body.status ?? '-'}`);
    // Deliveries are not ordered (docs/webhooks.md): compare as sets, each exactly once.
    assert.deepStrictEqual([...got].sort(), [...want].sort(), `got ${JSON.stringify(got)}`);
  });
  for (const r of this.receiver.accepted.filter((x) => x.body?.paymentId === paymentId)) {
    assert.equal(r.body.processorDisputeId, this.disputeId);
    assert.equal(r.body.primerAccountId !== undefined, true);
  }
});
