'use strict';
// Workflows that route payments: publishing one through the workflows API, paying under it, and
// reading the decision trace (`routing`) on the payment.
const assert = require('node:assert/strict');
const { Given, When, Then } = require('@cucumber/cucumber');

// Creates and publishes a workflow document; the live PAYMENT_CREATED workflow is replaced.
async function publishWorkflow(world, document) {
  const created = await world.api('POST', '/workflows', { body: document });
  world.expectStatus(201, created);
  const published = await world.api('POST', `/workflows/${created.body.id}/publish`, { body: {} });
  world.expectStatus(200, published);
  world.workflow = { id: created.body.id, document };
  return created.body.id;
}

// The same workflow with a condition: payments matching it go to `match`, the others to `rest`.
function conditionRouting(condition, match, rest) {
  return {
    schemaVersion: 1,
    name: `Route on ${condition.field}`,
    trigger: { event: 'PAYMENT_CREATED' },
    steps: [{
      type: 'CONDITIONS',
      id: 'rule',
      routes: [{ id: 'matched', conditions: [condition], steps: [{ type: 'AUTHORIZE', connection: match }] }],
      defaultRoute: { steps: [{ type: 'AUTHORIZE', connection: rest }] },
    }],
  };
}

Given('the merchant has published the workflow:', async function (doc) {
  await publishWorkflow(this, JSON.parse(doc));
});

Given('the merchant has published a workflow sending payments where {string} to {string} and the others to {string}',
  async function (conditionJson, match, rest) {
    await publishWorkflow(this, conditionRouting(JSON.parse(conditionJson), match, rest));
  });

// One payment: a client session for the order, the card tokenized, then POST /payments with the
// extra members given (JSON).
async function pay(world, card, extra) {
  const orderId = `order-${Math.random().toString(36).slice(2, 10)}`;
  await world.createSession({ orderId, currencyCode: 'EUR', amount: 1000 });
  await world.tokenizeOk(card);
  const res = await world.send('POST', '/payments', { body: { paymentMethodToken: world.token, ...extra } });
  world.expectStatus(200, res);
  return res.body;
}

When('the merchant pays with the card {string} and:', async function (card, doc) {
  await pay(this, card, doc.trim() ? JSON.parse(doc) : {});
});

When('the merchant pays with the card {string} and the request members {string}', async function (card, json) {
  await pay(this, card, JSON.parse(json));
});

When('the merchant pays with the card {string}', async function (card) {
  await pay(this, card, {});
});

When('the merchant makes {int} payments with the card {string}', async function (n, card) {
  this.batch = [];
  for (let i = 0; i < n; i++) this.batch.push(await pay(this, card, {}));
});

Then('the payment was authorized on {string}', function (connection) {
  assert.equal(this.payment.status, 'AUTHORIZED', JSON.stringify(this.payment, null, 1));
  assert.equal(this.payment.processor?.processorMerchantId, connection, JSON.stringify(this.payment.routing));
});

Then('the payment went to {string}', function (connection) {
  assert.equal(this.payment.processor?.processorMerchantId, connection, JSON.stringify(this.payment.routing));
});

// Binomial bounds are fixed in the scenario (mean ± 5 standard deviations): the share of payments
// per route is checked without flakiness in practice (p ≈ 6e-7 per bound).
Then('between {int} and {int} of them went to {string} and the others to {string}', function (low, high, a, b) {
  const counts = {};
  for (const p of this.batch) counts[p.processor?.processorMerchantId] = (counts[p.processor?.processorMerchantId] || 0) + 1;
  const n = counts[a] || 0;
  assert.equal(n + (counts[b] || 0), this.batch.length, `payments went elsewhere: ${JSON.stringify(counts)}`);
  assert.ok(n >= low && n <= high, `${n} of ${this.batch.length} went to ${a} (expected ${low}..${high}): ${JSON.stringify(counts)}`);
});

Then('each of them shows in its trace the split route {string} for {string} and {string} for {string}',
  function (routeA, connA, routeB, connB) {
    for (const p of this.batch) {
      const split = p.routing.paymentCreated.blocks.find((b) => b.type === 'SPLIT');
      assert.ok(split, `no SPLIT block in ${JSON.stringify(p.routing)}`);
      assert.ok(Number.isInteger(split.bucket) && split.bucket >= 0 && split.bucket < 10000);
      const want = p.processor.processorMerchantId === connA ? routeA : routeB;
      assert.equal(split.route, want, `payment ${p.id} on ${p.processor.processorMerchantId} took ${split.route}`);
      assert.ok([connA, connB].includes(p.processor.processorMerchantId));
    }
  });

Then('the routing trace shows:', function (table) {
  const problems = [];
  for (const { field, value } of table.hashes()) {
    const actual = field.split('.').reduce((o, k) => (o == null ? undefined : o[k]), this.payment.routing);
    const shown = actual !== null && typeof actual === 'object' ? JSON.stringify(actual) : String(actual);
    let want = value;
    if (value.startsWith('[') || value.startsWith('{')) want = JSON.stringify(JSON.parse(value));
    if (shown !== want) problems.push(`routing.${field}: expected ${want}, got ${shown}`);
  }
  assert.deepEqual(problems, [], `${problems.join('\n')}\nrouting: ${JSON.stringify(this.payment.routing, null, 1)}`);
});

Then('the processors tried were {string}', function (names) {
  const tried = this.payment.transactions.filter((t) => t.type === 'SALE').map((t) => t.processorMerchantId);
  assert.deepEqual(tried, names.split(',').map((s) => s.trim()).filter(Boolean));
  const attempts = this.payment.routing?.authorization?.attempts?.map((a) => a.processorMerchantId) ?? tried;
  assert.deepEqual(attempts, tried, 'the trace lists the attempts the transactions show');
});

When('the merchant retrieves the payment again', async function () {
  const res = await this.api('GET', `/payments/${this.payment.id}`);
  this.expectStatus(200, res);
  this.rememberPayment(res);
});

// Features about the default connection (the test processor and its magic cards) take the demo
// workflow out of the way: a workflow that authorizes every payment on "test-processor", the demo
// merchant's default connection, with no fallback, is made live (the workflows API has no
// "unpublish"; rolling back needs an earlier publication). Idempotent: a shared server runs it
// before each scenario and publishes only once.
const DEFAULT_ONLY = 'Every payment on the default connection';
Given('the merchant routes every payment to its default connection', async function () {
  const res = await this.api('GET', '/workflows');
  this.expectStatus(200, res);
  const live = res.body.data.find((w) => w.triggerEvent === 'PAYMENT_CREATED' && w.liveVersion !== undefined);
  if (live && live.name === DEFAULT_ONLY) return;
  await publishWorkflow(this, {
    schemaVersion: 1,
    name: DEFAULT_ONLY,
    trigger: { event: 'PAYMENT_CREATED' },
    fallback: { declineClasses: [] },
    steps: [{ type: 'AUTHORIZE', connection: 'test-processor' }],
  });
});
