'use strict';
// Driving the demo's processor emulators directly: their fault injection control endpoint, so a
// scenario can make a processor lose an answer and then watch Switchyard recover.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { Given, Then } = require('@cucumber/cucumber');

// Where each emulator's control endpoint lives, relative to the connection's base URL.
const CONTROL_PATH = {
  TEST_PROCESSOR: '/v1/_control',
  STRIPE: '/v1/_control',
  ADYEN: '/_control',
  CHECKOUTCOM: '/_control',
  SQUARE: '/_control',
};

async function demoConnection(world, processorMerchantId) {
  const merchantId = fs.readFileSync(path.join(world.server.dataDir, 'demo-merchant'), 'utf8').trim();
  const res = await world.admin('GET', `/admin/merchants/${encodeURIComponent(merchantId)}/connections`);
  world.expectStatus(200, res);
  const list = Array.isArray(res.body) ? res.body : res.body.data;
  const connection = list.find((c) => c.processorMerchantId === processorMerchantId);
  assert.ok(connection, `the demo merchant has no connection "${processorMerchantId}"`);
  assert.ok(CONTROL_PATH[connection.processor], `no emulator control path for ${connection.processor}`);
  return connection;
}

// The demo's connections have no base URL of their own: they reach the emulator the server started,
// whose address it writes to DATA/sandboxes ("PROCESSOR URL" per line).
function sandboxUrl(world, processor) {
  const lines = fs.readFileSync(path.join(world.server.dataDir, 'sandboxes'), 'utf8').split('\n');
  const line = lines.map((l) => l.trim().split(' ')).find(([p]) => p === processor);
  assert.ok(line, `DATA/sandboxes lists no ${processor} emulator`);
  return line[1];
}

async function control(world, connection, body) {
  const base = connection.baseUrl || sandboxUrl(world, connection.processor);
  const url = base.replace(/\/$/, '') + CONTROL_PATH[connection.processor];
  const res = await fetch(url, {
    method: 'POST',
    // The emulators accept any key in their processor's own auth header; the control endpoint
    // asks for it where the processor's API does.
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk_test_sandbox_control', 'x-api-key': 'sandbox_control' },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 200, `${url} answered ${res.status}: ${await res.text()}`);
}

Given('the {string} sandbox will lose its next answer after processing the call', async function (name) {
  const connection = await demoConnection(this, name);
  await control(this, connection, { reset: true, dropNext: 1, phase: 'after' });
});

Given('the {string} sandbox will lose its next {int} answers after processing the calls', async function (name, n) {
  const connection = await demoConnection(this, name);
  await control(this, connection, { reset: true, dropNext: n, phase: 'after' });
});

Given('the {string} sandbox will drop the next call before processing it', async function (name) {
  const connection = await demoConnection(this, name);
  await control(this, connection, { reset: true, dropNext: 1, phase: 'before' });
});

Given('the {string} sandbox answers normally again', async function (name) {
  const connection = await demoConnection(this, name);
  await control(this, connection, { reset: true });
});

// The test processor's books (GET /v1/ledger, per API key: the demo connection's).
Then('within {int} seconds the {string} sandbox has voided the payment\'s charge', async function (seconds, name) {
  const connection = await demoConnection(this, name);
  assert.equal(connection.processor, 'TEST_PROCESSOR', 'this step reads the test processor\'s ledger');
  const base = connection.baseUrl || sandboxUrl(this, connection.processor);
  const deadline = Date.now() + seconds * 1000;
  let row, seen;
  for (;;) {
    const res = await this.send('GET', `/payments/${this.payment.id}`);
    const sale = (res.body.transactions || []).find((t) => t.type === 'SALE');
    if (sale && sale.processorTransactionId) {
      const books = await (await fetch(`${base.replace(/\/$/, '')}/v1/ledger`,
                                       { headers: { authorization: 'Bearer sk_sandbox_demo' } })).json();
      row = books.payments.find((p) => p.id === sale.processorTransactionId);
      seen = { payment: res.body.status, sale: sale.status, ledger: row && row.status };
      if (row && row.status === 'voided' && sale.status === 'CANCELLED') return;
    }
    if (Date.now() > deadline) assert.fail(`not voided within ${seconds} s: ${JSON.stringify(seen)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
});
