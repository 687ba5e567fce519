'use strict';
// Overload and database outages (overload.feature): a server restarted with tight admission
// limits, a flood of payments sent at once, and a SQLite write lock held by another process (the
// sqlite3 command-line shell) while payments run.
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { After, Given, When, Then } = require('@cucumber/cucumber');

// The emulators' control endpoints by processor, as DATA/sandboxes names them.
const CONTROL_PATH = {
  TEST_PROCESSOR: '/v1/_control',
  STRIPE: '/v1/_control',
  ADYEN: '/_control',
  CHECKOUTCOM: '/_control',
  SQUARE: '/_control',
};

async function restartWith(world, env) {
  await world.server.kill('SIGTERM');
  // Processor calls held for seconds by the scenario must not time out meanwhile (the lease outlives
  // them: lease_ttl_ms keeps its default of 60 s).
  world.server.extraEnv = { ...world.server.extraEnv, SWITCHYARD_PROCESSOR_TIMEOUT_MS: '10000', ...env };
  await world.server.start();
  world.apiKey = world.server.demoApiKey;
}

async function controlEverySandbox(world, body) {
  const lines = fs.readFileSync(path.join(world.server.dataDir, 'sandboxes'), 'utf8').trim().split('\n');
  for (const line of lines) {
    const [processor, url] = line.trim().split(' ');
    if (!CONTROL_PATH[processor]) continue;
    const res = await fetch(url.replace(/\/$/, '') + CONTROL_PATH[processor], {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk_test_sandbox_control', 'x-api-key': 'sandbox_control' },
      body: JSON.stringify(body),
    });
    assert.equal(res.status, 200, `${processor} control answered ${res.status}: ${await res.text()}`);
  }
}

function isShed(res, errorIds) {
  return res.status === 503 && errorIds.includes(res.body?.error?.errorId) && /^\d+$/.test(res.headers['retry-after'] ?? '');
}

Given('the server executes at most {int} requests at once', async function (n) {
  await restartWith(this, { SWITCHYARD_MAX_IN_FLIGHT_REQUESTS: String(n) });
});

Given('the server waits at most {int} ms for a database lock', async function (ms) {
  await restartWith(this, { SWITCHYARD_SQLITE_BUSY_TIMEOUT_MS: String(ms) });
});

Given('{int} card tokens are ready for payments', async function (n) {
  this.flood = [];
  const run = Math.random().toString(36).slice(2, 8);
  for (let i = 0; i < n; i += 1) {
    const orderId = `order-flood-${run}-${i}`;
    await this.createSession({ orderId, currencyCode: 'EUR', amount: 1000 + i });
    const token = await this.tokenizeOk('4111111111111111');
    this.flood.push({ orderId, token, key: `flood-${run}-${i}`, first: null, answeredAt: null });
  }
});

Given('every demo processor answers after {int} ms', async function (ms) {
  await controlEverySandbox(this, { reset: true, latencyMs: ms });
});

When('every demo processor answers at once again', async function () {
  await controlEverySandbox(this, { reset: true });
});

function pay(world, p) {
  return world.api('POST', '/payments', { body: { paymentMethodToken: p.token }, idempotencyKey: p.key });
}

When('the merchant sends the {int} payments at once, each with its own idempotency key, and checks \\/healthz meanwhile', async function (n) {
  assert.equal(this.flood.length, n);
  // Completion order, not time: the n-th answer to arrive gets n.
  let arrived = 0;
  const sends = this.flood.map(async (p) => {
    p.first = await pay(this, p);
    arrived += 1;
    p.answeredAt = arrived;
  });
  const health = this.api('GET', '/healthz', { apiKey: null }).then((res) => {
    arrived += 1;
    this.health = { res, answeredAt: arrived };
  });
  await Promise.all([...sends, health]);
});

When('the merchant sends the {int} payments one after another, each with its own idempotency key', async function (n) {
  assert.equal(this.flood.length, n);
  for (const p of this.flood) p.first = await pay(this, p);
});

Then('every payment was answered: AUTHORIZED, or 503 {string} with a Retry-After header', function (errorId) {
  for (const p of this.flood) {
    const r = p.first;
    const ok = (r.status === 200 && r.body.status === 'AUTHORIZED') || isShed(r, [errorId]);
    assert.ok(ok, `${p.orderId}: ${r.status} ${r.text.slice(0, 300)} (retry-after: ${r.headers['retry-after']})`);
  }
});

Then('every payment was answered with 503 {string} or {string} and a Retry-After header', function (a, b) {
  for (const p of this.flood) {
    assert.ok(isShed(p.first, [a, b]), `${p.orderId}: ${p.first.status} ${p.first.text.slice(0, 300)}`);
  }
});

Then('at least {int} payment was turned away', function (n) {
  const shed = this.flood.filter((p) => p.first.status === 503).length;
  assert.ok(shed >= n, `only ${shed} of ${this.flood.length} payments were turned away`);
  assert.ok(shed < this.flood.length, 'every payment was turned away: none was admitted');
});

function firstAuthorized(flood) {
  return Math.min(...flood.filter((p) => p.first.status === 200).map((p) => p.answeredAt));
}

Then('every payment turned away was answered before the first authorized one', function () {
  const first = firstAuthorized(this.flood);
  const late = this.flood.filter((p) => p.first.status === 503 && p.answeredAt > first);
  assert.deepEqual(late.map((p) => p.orderId), [], 'rejections waited for admitted payments to finish');
});

Then('\\/healthz answered {int} before the first authorized payment', function (status) {
  assert.equal(this.health.res.status, status);
  assert.ok(this.health.answeredAt < firstAuthorized(this.flood), '/healthz waited behind the payments');
});

Then('\\/healthz answers {int}', async function (status) {
  const res = await this.api('GET', '/healthz', { apiKey: null });
  assert.equal(res.status, status);
});

// As a client should: after a 503, wait the Retry-After it was given and send the same request
// with the same idempotency key again (a few times at most).
When('the merchant retries each payment turned away with its idempotency key', { timeout: 120_000 }, async function () {
  const waitFor = (res) => new Promise((r) => setTimeout(r, 1000 * Number(res.headers['retry-after'] ?? 1)));
  const shed = this.flood.filter((p) => p.first.status === 503);
  if (shed.length > 0) await waitFor(shed[0].first); // they were all turned away at about the same time
  for (const p of shed) {
    let res = await pay(this, p);
    for (let attempt = 1; attempt < 5 && res.status === 503; attempt += 1) {
      await waitFor(res);
      res = await pay(this, p);
    }
    p.retry = res;
  }
});

Then('every payment is AUTHORIZED and each order has exactly {int} payment', async function (n) {
  for (const p of this.flood) {
    const last = p.retry ?? p.first;
    assert.equal(last.status, 200, `${p.orderId}: ${last.status} ${last.text.slice(0, 300)}`);
    assert.equal(last.body.status, 'AUTHORIZED', `${p.orderId} is ${last.body.status}`);
    const stored = await this.paymentsForOrder(p.orderId);
    assert.equal(stored.length, n, `${p.orderId} has ${stored.length} payments`);
    assert.equal(stored[0].status, 'AUTHORIZED');
  }
});

Then('every authorized payment was answered once per idempotency key, without a replay of a 503', function () {
  for (const p of this.flood) {
    if (!p.retry) continue;
    // The 503 left no idempotency record behind: the retry ran the payment, it did not replay.
    assert.notEqual(p.retry.headers['x-idempotent-replayed'], 'true', `${p.orderId}: the retry was a replay`);
  }
});

// The sqlite3 shell as "another process" holding SQLite's write lock on the server's database.
Given('another process holds the database\'s write lock', async function () {
  const db = path.join(this.server.dataDir, 'switchyard.db');
  const shell = spawn('sqlite3', [db], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  shell.stdout.on('data', (c) => { out += c.toString(); });
  shell.stderr.on('data', (c) => { out += c.toString(); });
  this.lockHolder = shell;
  this.lockHolderExited = new Promise((resolve) => shell.on('exit', resolve));
  shell.stdin.write(".timeout 10000\nBEGIN IMMEDIATE;\nSELECT 'locked';\n");
  for (let i = 0; i < 1000 && !out.includes('locked'); i += 1) {
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.ok(out.includes('locked'), `sqlite3 did not take the write lock: ${out}`);
});

When('the other process releases the database\'s write lock', async function () {
  this.lockHolder.stdin.end('COMMIT;\n.quit\n');
  const code = await this.lockHolderExited;
  assert.equal(code, 0, 'sqlite3 did not exit cleanly');
  this.lockHolder = null;
});

After(function () {
  if (this.lockHolder) this.lockHolder.kill('SIGKILL'); // a failed scenario must not leave it running
});
