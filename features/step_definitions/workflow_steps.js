'use strict';
// Workflows: create, validate, update drafts, publish, roll back, versions, simulation.
// `this.workflows[name]` remembers each workflow a scenario created; `this.workflow` the last one.
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { Given, When, Then } = require('@cucumber/cucumber');

const doc = (text) => JSON.parse(text);

// A PAYMENT_CREATED workflow that authorizes on `connection` (with optional fallbacks).
const authorizeOn = (name, connection, fallbacks = []) => ({
  schemaVersion: 1,
  name,
  trigger: { event: 'PAYMENT_CREATED' },
  steps: [{ type: 'AUTHORIZE', connection, ...(fallbacks.length ? { fallbackConnections: fallbacks } : {}) }],
});

function keyFor(world, merchant) {
  return merchant ? world.keyOf(merchant) : undefined;
}

function remember(world, res, name) {
  if ((res.status === 200 || res.status === 201) && res.body && typeof res.body.id === 'string') {
    world.workflows = world.workflows || {};
    world.workflow = res.body;
    world.workflows[name || res.body.name] = res.body;
  }
}

function workflowNamed(world, name) {
  const w = name ? (world.workflows || {})[name] : world.workflow;
  assert.ok(w, `no workflow ${name ? `"${name}" ` : ''}was created in this scenario`);
  return w;
}

async function create(world, body, { as, name } = {}) {
  const res = await world.api('POST', '/workflows', { body, apiKey: keyFor(world, as) });
  remember(world, res, name);
  return res;
}

// --- setup -------------------------------------------------------------------------------------
Given('merchant {string} also has a {string} connection {string}', async function (merchant, processor, name) {
  const m = this.merchant(merchant);
  const credentials = { secretKey: `sk_test_${crypto.randomBytes(6).toString('hex')}` };
  const res = await this.admin('POST', `/admin/merchants/${encodeURIComponent(m.id)}/connections`,
    { processor, processorMerchantId: name, credentials, isDefault: false });
  this.expectStatus(201, res);
});

Given(/^(?:merchant "([^"]*)"|the merchant) has created a workflow "([^"]*)" that authorizes on "([^"]*)"(?: falling back to "([^"]*)")?$/,
  async function (merchant, name, connection, fallback) {
    const res = await create(this, authorizeOn(name, connection, fallback ? [fallback] : []), { as: merchant, name });
    this.expectStatus(201, res);
  });

Given(/^(?:merchant "([^"]*)"|the merchant) has created (?:a|the) workflow "([^"]*)":$/, async function (merchant, name, text) {
  const res = await create(this, doc(text), { as: merchant, name });
  this.expectStatus(201, res);
});

// --- actions -----------------------------------------------------------------------------------
When(/^(?:merchant "([^"]*)"|the merchant) creates a workflow with:$/, async function (merchant, text) {
  await create(this, doc(text), { as: merchant });
});

When('the merchant creates a workflow with the body {string}', async function (raw) {
  await this.api('POST', '/workflows', { raw });
});

When(/^(?:merchant "([^"]*)"|the merchant) validates the workflow:$/, async function (merchant, text) {
  await this.api('POST', '/workflows/validate', { raw: text, apiKey: keyFor(this, merchant) });
});

When(/^(?:merchant "([^"]*)"|the merchant) updates the draft of "([^"]*)" to authorize on "([^"]*)"$/, async function (merchant, name, connection) {
  const w = workflowNamed(this, name);
  const res = await this.api('PUT', `/workflows/${w.id}/draft`, { body: authorizeOn(name, connection), apiKey: keyFor(this, merchant) });
  remember(this, res, name);
});

When(/^(?:merchant "([^"]*)"|the merchant) updates the draft of "([^"]*)" with:$/, async function (merchant, name, text) {
  const w = workflowNamed(this, name);
  const res = await this.api('PUT', `/workflows/${w.id}/draft`, { raw: text, apiKey: keyFor(this, merchant) });
  remember(this, res, name);
});

When(/^(?:merchant "([^"]*)"|the merchant) (publishes|has published) "([^"]*)"(?: version (\d+))?$/, async function (merchant, verb, name, version) {
  const w = workflowNamed(this, name);
  const body = version ? { version: Number(version) } : undefined;
  const res = await this.api('POST', `/workflows/${w.id}/publish`, { body, apiKey: keyFor(this, merchant) });
  if (verb === 'has published') this.expectStatus(200, res);
  remember(this, res, name);
});

When(/^(?:merchant "([^"]*)"|the merchant) (rolls|has rolled) back "([^"]*)"$/, async function (merchant, verb, name) {
  const w = workflowNamed(this, name);
  const res = await this.api('POST', `/workflows/${w.id}/rollback`, { apiKey: keyFor(this, merchant) });
  if (verb === 'has rolled') this.expectStatus(200, res);
  remember(this, res, name);
});

When(/^(?:merchant "([^"]*)"|the merchant) retrieves (?:the workflow )?"([^"]*)"$/, async function (merchant, name) {
  const w = workflowNamed(this, name);
  await this.api('GET', `/workflows/${w.id}`, { apiKey: keyFor(this, merchant) });
});

When(/^(?:merchant "([^"]*)"|the merchant) lists (?:its|the) workflows$/, async function (merchant) {
  await this.api('GET', '/workflows', { apiKey: keyFor(this, merchant) });
});

When(/^(?:merchant "([^"]*)"|the merchant) lists the versions of "([^"]*)"$/, async function (merchant, name) {
  const w = workflowNamed(this, name);
  await this.api('GET', `/workflows/${w.id}/versions`, { apiKey: keyFor(this, merchant) });
});

When(/^(?:merchant "([^"]*)"|the merchant) retrieves version (\d+) of "([^"]*)"$/, async function (merchant, version, name) {
  const w = workflowNamed(this, name);
  await this.api('GET', `/workflows/${w.id}/versions/${version}`, { apiKey: keyFor(this, merchant) });
});

// Another merchant's workflow, by id: every operation must answer 404 WorkflowNotFound.
const OTHERS = {
  retrieve: (id) => ['GET', `/workflows/${id}`, undefined],
  'list the versions of': (id) => ['GET', `/workflows/${id}/versions`, undefined],
  'update the draft of': (id) => ['PUT', `/workflows/${id}/draft`, authorizeOn('stolen', 'tp-b')],
  publish: (id) => ['POST', `/workflows/${id}/publish`, {}],
  'roll back': (id) => ['POST', `/workflows/${id}/rollback`, {}],
  simulate: (id) => ['POST', `/workflows/${id}/simulate`, {}],
};

When(/^merchant "([^"]*)" tries to (retrieve|list the versions of|update the draft of|publish|roll back|simulate) "([^"]*)"$/,
  async function (merchant, action, name) {
    const w = workflowNamed(this, name);
    const [method, path, body] = OTHERS[action](w.id);
    await this.api(method, path, { body, apiKey: this.keyOf(merchant) });
  });

// --- checks ------------------------------------------------------------------------------------
Then('the validation error at {string} says {string}', function (path, text) {
  const errors = (this.last.body?.error?.validationErrors || []).flatMap((m) => m.errors || []);
  const at = errors.filter((e) => e.path === path);
  assert.ok(at.length, `no validation error at ${path}: ${JSON.stringify(errors)}`);
  assert.ok(at.some((e) => e.description.includes(text)),
    `the error at ${path} does not say "${text}": ${JSON.stringify(at)}`);
});

Then('the validation errors are exactly at {string}', function (paths) {
  const errors = (this.last.body?.error?.validationErrors || []).flatMap((m) => m.errors || []);
  assert.deepStrictEqual(errors.map((e) => e.path).sort(), paths.split(',').map((s) => s.trim()).sort(),
    `validation errors: ${JSON.stringify(errors)}`);
});

Then(/^"([^"]*)" is live at version (\d+)$/, function (name, version) {
  this.expectStatus(200);
  const w = workflowNamed(this, name);
  const body = this.last.body;
  const listed = Array.isArray(body.data) ? body.data.find((x) => x.id === w.id) : body;
  assert.ok(listed && listed.id === w.id, `the response is not about ${name}: ${this.last.text.slice(0, 500)}`);
  assert.equal(listed.liveVersion, Number(version), `${name}: ${JSON.stringify(listed)}`);
});

Then(/^"([^"]*)" is not live$/, function (name) {
  this.expectStatus(200);
  const w = workflowNamed(this, name);
  const body = this.last.body;
  const listed = Array.isArray(body.data) ? body.data.find((x) => x.id === w.id) : body;
  assert.ok(listed && listed.id === w.id, `the response is not about ${name}`);
  assert.equal(listed.liveVersion, undefined, `${name} is live: ${JSON.stringify(listed)}`);
});

Then('the live publication is {string} version {int}', function (name, version) {
  const w = workflowNamed(this, name);
  const p = this.last.body.livePublication;
  assert.ok(p, `no livePublication in ${this.last.text.slice(0, 500)}`);
  assert.equal(p.workflowId, w.id, `live is ${JSON.stringify(p)}, expected ${name}`);
  assert.equal(p.version, version);
});

Then('the workflows listed are {string}', function (names) {
  this.expectStatus(200);
  const got = this.last.body.data.map((w) => w.name);
  assert.deepStrictEqual(got, names ? names.split(',').map((s) => s.trim()) : []);
});

Then('the versions listed are:', function (table) {
  this.expectStatus(200);
  const got = this.last.body.data.map((v) => ({
    version: String(v.version),
    state: v.state,
    live: String(v.live),
    publications: String(v.publications.length),
    rolledBack: String(v.publications.filter((p) => p.rolledBackAt).length),
  }));
  assert.deepStrictEqual(got, table.hashes());
});

Then('the response does not mention {string}', function (text) {
  assert.ok(!this.last.text.includes(text), `the response mentions "${text}": ${this.last.text.slice(0, 1000)}`);
});

When('merchant {string} gets an API key with only the scopes {string}', async function (merchant, scopes) {
  const m = this.merchant(merchant);
  const res = await this.admin('POST', `/admin/merchants/${encodeURIComponent(m.id)}/api-keys`,
    { scopes: scopes.split(',').map((s) => s.trim()) });
  this.expectStatus(201, res);
  this.narrowKey = res.body.key;
});

When('that key is used to list workflows', async function () {
  await this.api('GET', '/workflows', { apiKey: this.narrowKey });
});

When('that key is used to simulate {string}', async function (name) {
  const w = workflowNamed(this, name);
  await this.api('POST', `/workflows/${w.id}/simulate`, { body: {}, apiKey: this.narrowKey });
});

// --- simulation --------------------------------------------------------------------------------
Given('merchant {string} has taken these card payments:', async function (merchant, table) {
  const m = this.merchant(merchant);
  m.payments = {};
  for (const row of table.hashes()) {
    await this.createSession({ orderId: row.order, currencyCode: row.currency, amount: Number(row.amount) }, { as: merchant });
    await this.tokenizeOk(row.card);
    const res = await this.api('POST', '/payments', { body: { paymentMethodToken: this.token }, apiKey: m.apiKey });
    this.expectStatus(200, res);
    assert.equal(res.body.status, row.status, `order ${row.order}: ${JSON.stringify(res.body.statusReason)}`);
    m.payments[row.order] = res.body;
  }
});

async function simulate(world, merchant, name, raw) {
  const w = workflowNamed(world, name);
  await world.api('POST', `/workflows/${w.id}/simulate`, { raw, apiKey: world.keyOf(merchant) });
}

When('merchant {string} simulates {string}', async function (merchant, name) {
  await simulate(this, merchant, name, '{}');
});

When('merchant {string} simulates {string} with:', async function (merchant, name, text) {
  await simulate(this, merchant, name, text);
});

Then('the simulated payments per route of block {string} are:', function (block, table) {
  this.expectStatus(200);
  const b = this.last.body.routes.find((r) => r.blockId === block);
  assert.ok(b, `no block ${block} in ${JSON.stringify(this.last.body.routes)}`);
  const got = b.routes.map((r) => ({ route: r.routeId, payments: String(r.payments) }));
  assert.deepStrictEqual(got, table.hashes());
});

// `amounts` as "EUR 2600, USD 100" (currency order), "-" for none.
const amountsText = (amounts) => (amounts.length ? amounts.map((a) => `${a.currencyCode} ${a.amount}`).join(', ') : '-');

Then('the simulated volume per connection is:', function (table) {
  this.expectStatus(200);
  const got = this.last.body.connections.map((c) => {
    const row = {
      connection: c.connection === null ? '(none)' : c.connection,
      simulated: `${c.simulated.payments}: ${amountsText(c.simulated.amounts)}`,
    };
    if (c.actual) row.actual = `${c.actual.payments}: ${amountsText(c.actual.amounts)}`;
    return row;
  });
  assert.deepStrictEqual(got, table.hashes());
});

Then('the simulation says the payments of orders {string} would change route', function (orders) {
  this.expectStatus(200);
  const m = Object.values(this.merchants).find((x) => x.payments);
  const byId = Object.fromEntries(Object.entries(m.payments).map(([order, p]) => [p.id, order]));
  const sampled = this.last.body.routeChanges.sample.map((s) => byId[s.paymentId]).sort();
  const want = orders.split(',').map((s) => s.trim()).sort();
  assert.equal(this.last.body.routeChanges.payments, want.length);
  assert.deepStrictEqual(sampled, want);
});

Then('the simulation says the declined payment of order {string} would be retried on {string} after a {string}',
  function (order, connection, declineClass) {
    this.expectStatus(200);
    const m = Object.values(this.merchants).find((x) => x.payments);
    const id = m.payments[order].id;
    const s = this.last.body.fallbacks.sample.find((x) => x.paymentId === id);
    assert.ok(s, `order ${order} is not among the retries: ${JSON.stringify(this.last.body.fallbacks)}`);
    assert.equal(s.wouldRetryOn, connection);
    assert.equal(s.declineClass, declineClass);
  });
