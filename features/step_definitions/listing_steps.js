'use strict';
const assert = require('node:assert/strict');
const { Given, When, Then } = require('@cucumber/cucumber');
const { list, parseUtc } = require('./helpers');

const MAX_PAGES = 50;

Given('these payments were made, in this order:', async function (table) {
  this.made = {};
  for (const row of table.hashes()) {
    await this.createSession({ orderId: row.order, currencyCode: row.currency, amount: Number(row.amount), customerId: row.customer });
    await this.tokenizeOk(row.card);
    let res = await this.send('POST', '/payments', { body: { paymentMethodToken: this.token } });
    this.expectStatus(200, res);
    if (row.then === 'capture') res = await this.send('POST', `/payments/${res.body.id}/capture`, { body: {} });
    else if (row.then === 'cancel') res = await this.send('POST', `/payments/${res.body.id}/cancel`, { body: {} });
    else assert.equal(row.then, '', `unknown action "${row.then}"`);
    this.expectStatus(200, res);
    assert.equal(res.body.status, row.status, `payment for ${row.order}`);
    this.made[row.order] = res.body;
  }
});

When('the merchant lists payments with {string}', async function (query) {
  await this.listPayments(query);
});

When('merchant {string} lists payments with {string}', async function (name, query) {
  await this.listPayments(query, { as: name });
});

function listedOrders(world) {
  world.expectStatus(200);
  assert.ok(Array.isArray(world.last.body.data), 'the list has no "data" array');
  return world.last.body.data.map((p) => p.orderId);
}

Then('the listed orders are {string}', function (orders) {
  assert.deepStrictEqual(listedOrders(this).sort(), list(orders).sort());
});

Then('the listed orders are, in this order, {string}', function (orders) {
  assert.deepStrictEqual(listedOrders(this), list(orders));
  const dates = this.last.body.data.map((p) => parseUtc(p.date));
  for (let i = 1; i < dates.length; i += 1) assert.ok(dates[i - 1] >= dates[i], 'payments are not newest first by date');
});

Then('the list has {int} payments', function (n) {
  assert.equal(listedOrders(this).length, n);
});

Then('the list has no {string}', function (field) {
  assert.equal(this.last.body[field], undefined, `expected no ${field}, got ${JSON.stringify(this.last.body[field])}`);
});

Then('each listed payment matches the payment it summarizes', function () {
  for (const item of this.last.body.data) {
    const made = this.made[item.orderId];
    assert.ok(made, `listed a payment this scenario did not make: ${JSON.stringify(item)}`);
    for (const f of ['id', 'status', 'orderId', 'amount', 'currencyCode']) {
      assert.deepStrictEqual(item[f], made[f], `listed ${item.orderId}: ${f}`);
    }
  }
});

When('the merchant pages through payments with {string}', async function (query) {
  this.pages = [];
  let cursor = null;
  for (;;) {
    const q = cursor ? `${query}&cursor=${encodeURIComponent(cursor)}` : query;
    const res = await this.listPayments(q);
    this.expectStatus(200, res);
    this.pages.push(res.body);
    cursor = res.body.nextCursor;
    if (!cursor) break;
    assert.ok(this.pages.length < MAX_PAGES, `more than ${MAX_PAGES} pages: the cursor does not advance`);
  }
});

// A server may end with one empty page (when the previous one was exactly full); it is not counted.
function nonEmptyPages(world) {
  const pages = world.pages.slice();
  if (pages.length > 1 && pages[pages.length - 1].data.length === 0) pages.pop();
  return pages;
}

Then('there were {int} pages of sizes {string}', function (n, sizes) {
  const pages = nonEmptyPages(this);
  assert.deepStrictEqual(pages.map((p) => p.data.length), list(sizes).map(Number), 'page sizes');
  assert.equal(pages.length, n);
});

Then('the paged orders are, in this order, {string}', function (orders) {
  const seen = this.pages.flatMap((p) => p.data);
  const ids = seen.map((p) => p.id);
  assert.equal(new Set(ids).size, ids.length, `a payment was listed twice: ${ids}`);
  assert.deepStrictEqual(seen.map((p) => p.orderId), list(orders));
});

Then('the last page has no {string}', function (field) {
  const pages = nonEmptyPages(this);
  const lastPage = pages[pages.length - 1];
  assert.equal(lastPage[field], undefined, `the last page with payments still has ${field}`);
});
