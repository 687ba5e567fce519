'use strict';
// Webhooks: notification configurations, the merchant's receiver (support/webhook_receiver.js),
// signatures, the delivery log, replays, and processors' notifications sent to Switchyard.
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const path = require('node:path');
const { Given, When, Then, After } = require('@cucumber/cucumber');
const { ContractValidator } = require('../support/contract');
const { WebhookReceiver } = require('../support/webhook_receiver');
const { checkFields } = require('./helpers');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The demo Adyen connection's HMAC key (src/app/sandboxes.cc): the emulator signs with it.
const DEMO_ADYEN_HMAC_KEY = '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056';

// Bodies are validated against Primer's webhook spec, the schema named for each event type.
const WEBHOOK_SPEC = path.resolve(__dirname, '../../../shared/specs/primer/primer-webhooks-v2.4.openapi.yml');
const SCHEMA_FOR = {
  'PAYMENT.STATUS': 'PaymentStatusWebhookPayload',
  'PAYMENT.REFUND': 'PaymentRefundWebhookPayload',
  'DISPUTE.OPENED': 'DisputeOpenWebhookPayload',
  'DISPUTE.STATUS': 'DisputeStatusWebhookPayload',
};
let webhookValidator = null;
function validateWebhookBody(body) {
  webhookValidator = webhookValidator || ContractValidator.load(process.env.PRIMER_WEBHOOKS_SPEC || WEBHOOK_SPEC);
  const name = SCHEMA_FOR[body.eventType];
  assert.ok(name, `unexpected webhook eventType ${body.eventType}`);
  const fn = webhookValidator.schemaByName(name);
  if (!fn(body)) {
    throw new Error(`webhook body is not a valid ${name}: ${JSON.stringify(fn.errors, null, 1)}\n${JSON.stringify(body).slice(0, 3000)}`);
  }
}

function hmacBase64(secret, text) {
  return crypto.createHmac('sha256', secret).update(text, 'utf8').digest('base64');
}

// Polls `check` (which throws while not yet true) for up to `seconds`.
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

// A scenario's configuration goes with it, so the shared server stops sending to its receiver.
After(async function () {
  if (this.webhookConfig && this.server?.alive) {
    const apiKey = this.webhookConfigKey ?? this.server.demoApiKey;
    await this.api('DELETE', `/notification-configs/${this.webhookConfig.id}`, { apiKey });
  }
  if (this.receiver) await this.receiver.down();
});

// --- the receiver ------------------------------------------------------------------------------------
Given('a webhook receiver', async function () {
  this.receiver = new WebhookReceiver();
  await this.receiver.up();
});

Given('a webhook receiver that answers 500 to the first request of each event and does not answer the second', async function () {
  this.receiver = new WebhookReceiver();
  this.receiver.perEvent = ['fail', 'hang'];
  await this.receiver.up();
});

Given('the receiver is down', async function () {
  await this.receiver.down();
});

When('the receiver is back', async function () {
  await this.receiver.up();
});

Given('the receiver holds every request without answering', function () {
  this.receiver.mode = 'hang';
});

When('the receiver answers again', function () {
  this.receiver.mode = 'ok';
});

// --- configurations ------------------------------------------------------------------------------------
async function subscribe(world, url, eventTypes, description) {
  const body = { url, eventTypes: eventTypes.split(',').map((s) => s.trim()).filter(Boolean) };
  if (description) body.description = description;
  return world.api('POST', '/notification-configs', { body });
}

Given('the merchant has subscribed the receiver to {string}', async function (types) {
  const res = await subscribe(this, this.receiver.url, types, 'orders service');
  this.expectStatus(201, res);
  this.webhookConfig = res.body;
});

When('the merchant subscribes the receiver to {string} as {string}', async function (types, description) {
  const res = await subscribe(this, this.receiver.url, types, description);
  if (res.status === 201) this.webhookConfig = res.body;
});

When('the merchant subscribes {string} to {string}', async function (url, types) {
  await subscribe(this, url, types);
});

When('the merchant lists its notification configurations', async function () {
  await this.api('GET', '/notification-configs');
});

When('the merchant changes the configuration to receive {string}', async function (types) {
  await this.api('PATCH', `/notification-configs/${this.webhookConfig.id}`, { body: { eventTypes: types.split(',') } });
});

When('the merchant deletes the configuration', async function () {
  await this.api('DELETE', `/notification-configs/${this.webhookConfig.id}`);
});

When('merchant {string} retrieves the demo merchant\'s notification configuration', async function (who) {
  await this.api('GET', `/notification-configs/${this.webhookConfig.id}`, { apiKey: this.keyOf(who) });
});

Then('the answer shows the signing secret once, and the configuration\'s listing does not', async function () {
  assert.match(this.webhookConfig.secret, /^whsec_[A-Za-z0-9]{40}$/);
  const res = await this.api('GET', '/notification-configs');
  this.expectStatus(200, res);
  const mine = res.body.data.find((c) => c.id === this.webhookConfig.id);
  assert.ok(mine, 'the new configuration is not listed');
  assert.ok(!res.text.includes(this.webhookConfig.secret), 'the listing shows the secret');
  assert.equal(mine.secret, undefined);
  assert.deepStrictEqual(mine.eventTypes, this.webhookConfig.eventTypes);
});

When('the merchant rotates the configuration\'s secret', async function () {
  const res = await this.api('POST', `/notification-configs/${this.webhookConfig.id}/rotate-secret`, { body: {} });
  this.expectStatus(200, res);
  assert.notEqual(res.body.secret, this.webhookConfig.secret);
  assert.ok(res.body.previousSecretExpiresAt, 'no previousSecretExpiresAt after a rotation');
  this.previousSecret = this.webhookConfig.secret;
  this.webhookConfig = res.body;
});

// --- what the receiver got -------------------------------------------------------------------------------
function acceptedFor(world, paymentId) {
  return world.receiver.accepted.filter((r) => r.body && (r.body.payment?.id === paymentId || r.body.paymentId === paymentId));
}

Then('within {int} seconds the receiver has accepted these webhooks for the payment:', async function (seconds, table) {
  const paymentId = this.payment.id;
  await within(seconds, () => {
    const got = acceptedFor(this, paymentId).map((r) => `${r.body.eventType} ${r.body.payment?.status}`);
    for (const { eventType, status } of table.hashes()) {
      assert.ok(got.includes(`${eventType} ${status}`), `no accepted ${eventType} with payment status ${status}; got ${JSON.stringify(got)}`);
    }
  });
});

Then('within {int} seconds the receiver has accepted a {string} webhook with payment status {string} for every payment of this scenario', async function (seconds, type, status) {
  assert.ok(this.webhookPayments?.length, 'no payments were made in this scenario');
  await within(seconds, () => {
    for (const id of this.webhookPayments) {
      const ok = acceptedFor(this, id).some((r) => r.body.eventType === type && r.body.payment.status === status);
      assert.ok(ok, `payment ${id}: no accepted ${type} ${status}`);
    }
  });
});

Then('every webhook the receiver got is signed with the configuration\'s secret and valid against the Primer webhooks spec', function () {
  assert.ok(this.receiver.requests.length > 0, 'the receiver got nothing');
  const secrets = [this.webhookConfig.secret, this.previousSecret].filter(Boolean);
  const now = Math.floor(Date.now() / 1000);
  for (const r of this.receiver.requests) {
    const primary = r.headers['x-signature-primary'];
    assert.ok(primary, 'a webhook without X-Signature-Primary');
    assert.ok(secrets.some((s) => hmacBase64(s, r.text) === primary), `X-Signature-Primary does not verify: ${r.text.slice(0, 200)}`);
    assert.ok(r.body, 'a webhook body is not JSON');
    assert.equal(r.headers['content-type'], 'application/json');
    assert.ok(/^evt_/.test(r.body.eventId), `eventId: ${r.body.eventId}`);
    assert.equal(r.headers['x-event-id'], r.body.eventId);
    assert.ok(Number.isInteger(r.body.signedAt) && Math.abs(now - r.body.signedAt) < 300, `signedAt ${r.body.signedAt} is not about now (${now})`);
    assert.equal(r.body.notificationConfig.id, this.webhookConfig.id);
    validateWebhookBody(r.body);
  }
});

Then('the receiver got no webhook with the card number', function () {
  for (const r of this.receiver.requests) for (const pan of this.pans) assert.ok(!r.text.includes(pan), 'a webhook contains the card number');
});

Then('within {int} seconds the receiver accepts a webhook signed with the new secret, with the old one\'s signature in X-Signature-Secondary', async function (seconds) {
  await within(seconds, () => {
    const r = acceptedFor(this, this.payment.id).find((x) => x.headers['x-signature-secondary']);
    assert.ok(r, 'no webhook with X-Signature-Secondary yet');
    assert.equal(r.headers['x-signature-primary'], hmacBase64(this.webhookConfig.secret, r.text));
    assert.equal(r.headers['x-signature-secondary'], hmacBase64(this.previousSecret, r.text));
  });
});

// --- events, deliveries, replay ---------------------------------------------------------------------------
When('the merchant looks up the {string} webhook event of the payment with status {string}', async function (type, status) {
  const res = await this.api('GET', `/webhook-events?paymentId=${encodeURIComponent(this.payment.id)}`);
  this.expectStatus(200, res);
  const event = res.body.data.find((e) => e.eventType === type && e.payload.status === status);
  assert.ok(event, `no ${type} ${status} event among ${JSON.stringify(res.body.data.map((e) => [e.eventType, e.payload.status]))}`);
  const one = await this.api('GET', `/webhook-events/${event.id}`);
  this.expectStatus(200, one);
  this.webhookEvent = one.body;
});

Then('its delivery to the receiver is {string} after these attempts:', function (state, table) {
  const d = this.webhookEvent.deliveries.find((x) => x.notificationConfigId === this.webhookConfig.id);
  assert.ok(d, `no delivery to the configuration: ${JSON.stringify(this.webhookEvent.deliveries)}`);
  assert.equal(d.state, state, JSON.stringify(d));
  const want = table.hashes();
  assert.equal(d.attemptLog.length, want.length, `attempts: ${JSON.stringify(d.attemptLog, null, 1)}`);
  want.forEach((w, i) => {
    const a = d.attemptLog[i];
    assert.equal(String(a.attempt), w.attempt);
    assert.equal(a.statusCode === undefined ? '(none)' : String(a.statusCode), w.statusCode, JSON.stringify(a));
    assert.equal(String(a.delivered), w.delivered, JSON.stringify(a));
    assert.ok(typeof a.latencyMs === 'number' && a.latencyMs >= 0, 'latencyMs');
    if (w.delivered === 'false') assert.ok(a.error, `a failed attempt without error: ${JSON.stringify(a)}`);
  });
});

When('the merchant replays that webhook event', async function () {
  const res = await this.api('POST', `/webhook-events/${this.webhookEvent.id}/replay`, { body: {} });
  this.expectStatus(202, res);
  assert.ok(res.body.deliveries.length >= 1, 'the replay made no delivery');
});

When('the merchant replays every webhook event since the scenario started', async function () {
  const from = new Date(this.scenarioStarted ?? Date.now() - 60_000).toISOString();
  const res = await this.api('POST', '/webhook-events/replay', { body: { fromDate: from, toDate: new Date(Date.now() + 1000).toISOString() } });
  this.expectStatus(202, res);
  this.replayed = res.body;
});

Then('within {int} seconds the receiver has accepted that event twice, with the same eventId', async function (seconds) {
  await within(seconds, () => {
    const same = this.receiver.accepted.filter((r) => r.body?.eventId === this.webhookEvent.id);
    assert.ok(same.length >= 2, `accepted ${same.length} time(s)`);
  });
});

// --- making payments for webhook scenarios ----------------------------------------------------------------
Given('the scenario\'s start is noted', function () {
  this.scenarioStarted = Date.now() - 1000;
});

When('the merchant makes {int} authorized payments', async function (n) {
  this.webhookPayments = this.webhookPayments || [];
  for (let i = 0; i < n; i += 1) {
    const p = await this.authorizedPayment(1000 + i, 'EUR');
    this.webhookPayments.push(p.id);
  }
});

Then('within {int} seconds the payment status is {string}', async function (seconds, status) {
  await within(seconds, async () => {
    const res = await this.api('GET', `/payments/${this.payment.id}`);
    this.rememberPayment(res);
    this.expectStatus(200, res);
    assert.equal(res.body.status, status, `payment ${res.body.id} is ${res.body.status}`);
  });
});

Then('within {int} seconds the payment shows:', async function (seconds, table) {
  await within(seconds, async () => {
    const res = await this.api('GET', `/payments/${this.payment.id}`);
    this.rememberPayment(res);
    this.expectStatus(200, res);
    checkFields(res.body, table, 'payment');
  });
});

// --- processors' notifications ------------------------------------------------------------------------------
async function demoConnectionId(world, processorMerchantId) {
  const fs = require('node:fs');
  const merchantId = fs.readFileSync(path.join(world.server.dataDir, 'demo-merchant'), 'utf8').trim();
  const res = await world.admin('GET', `/admin/merchants/${encodeURIComponent(merchantId)}/connections`);
  world.expectStatus(200, res);
  const c = res.body.data.find((x) => x.processorMerchantId === processorMerchantId);
  assert.ok(c, `no demo connection ${processorMerchantId}`);
  return c.id;
}

// An Adyen standard notification with one item, signed as Adyen signs (docs "Verify HMAC signatures").
function adyenNotification(item, key = DEMO_ADYEN_HMAC_KEY) {
  const a = item.amount || {};
  const data = [item.pspReference, item.originalReference, item.merchantAccountCode, item.merchantReference,
    a.value, a.currency, item.eventCode, item.success].map((v) => (v === undefined ? '' : String(v))).join(':');
  const signed = { ...item, additionalData: { hmacSignature: crypto.createHmac('sha256', Buffer.from(key, 'hex')).update(data).digest('base64') } };
  return JSON.stringify({ live: 'false', notificationItems: [{ NotificationRequestItem: signed }] });
}

// The CAPTURE notification Adyen sends for the payment's last capture.
async function captureConfirmation(world) {
  const res = await world.api('GET', `/payments/${world.payment.id}?expand=transactions.events`);
  world.expectStatus(200, res);
  const sale = res.body.transactions.find((t) => t.type === 'SALE');
  const capture = sale.events.filter((e) => e.type === 'CAPTURE_SUCCEEDED' || e.type === 'CAPTURE').pop() || sale.events[sale.events.length - 1];
  return {
    eventCode: 'CAPTURE', success: 'true', pspReference: capture.processorEventId, originalReference: sale.processorTransactionId,
    merchantAccountCode: 'SwitchyardDemoECOM', merchantReference: '', amount: { value: capture.amount, currency: res.body.currencyCode },
    eventDate: new Date().toISOString(), reason: '',
  };
}

async function postNotification(world, connectionName, raw) {
  const id = await demoConnectionId(world, connectionName);
  await world.api('POST', `/webhooks/processors/${id}`, { raw, apiKey: null });
}

Given('the health check\'s webhook counters are noted', async function () {
  const res = await this.api('GET', '/healthz', { apiKey: null });
  this.expectStatus(200, res);
  this.inboundBefore = res.body.webhooks.inbound;
});

When('an unsigned notification for the {string} connection arrives', async function (name) {
  const item = JSON.parse(adyenNotification(await captureConfirmation(this))).notificationItems[0].NotificationRequestItem;
  delete item.additionalData;
  await postNotification(this, name, JSON.stringify({ live: 'false', notificationItems: [{ NotificationRequestItem: item }] }));
});

When('a notification for the {string} connection signed with another key arrives', async function (name) {
  await postNotification(this, name, adyenNotification(await captureConfirmation(this), '00'.repeat(32)));
});

When('Adyen delivers its confirmation of that capture again', async function () {
  await postNotification(this, 'adyen-sandbox', adyenNotification(await captureConfirmation(this)));
  this.expectStatus(200);
});

Then('the notification changed nothing', function () {
  assert.equal(this.last.body.received, 1);
  assert.equal(this.last.body.applied, 0, JSON.stringify(this.last.body));
  assert.equal(this.last.body.duplicates + this.last.body.unchanged, 1, JSON.stringify(this.last.body));
});

Then('the health check counts {int} more rejected processor webhooks', async function (n) {
  const res = await this.api('GET', '/healthz', { apiKey: null });
  this.expectStatus(200, res);
  assert.equal(res.body.webhooks.inbound.rejected - this.inboundBefore.rejected, n);
});

// --- receiver URL policy (SSRF) ------------------------------------------------------------------------------
Given('the server runs with private webhook receivers refused', async function () {
  await this.server.stop();
  this.server.extraEnv = { ...this.server.extraEnv, SWITCHYARD_WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false' };
  await this.server.start();
  this.apiKey = this.server.demoApiKey;
});
