'use strict';
const assert = require('node:assert/strict');
const { When, Then } = require('@cucumber/cucumber');

Then('the error names the first payment and its status {string}', function (status) {
  const err = this.last.body.error;
  assert.ok(this.payment, 'no first payment');
  assert.equal(err.paymentId, this.payment.id, 'error.paymentId must name the payment the key created');
  assert.equal(err.paymentStatus, status, 'error.paymentStatus');
});

When('the merchant sends {int} identical payment requests with the token at once, all with idempotency key {string}', async function (n, key) {
  const raw = JSON.stringify({ paymentMethodToken: this.token });
  this.burst = await Promise.all(
    Array.from({ length: n }, () => this.api('POST', '/payments', { raw, idempotencyKey: key, record: false })),
  );
});

Then('exactly {int} of them created the payment, with status {int} and not marked as replayed', function (n, status) {
  const originals = this.burst.filter((r) => r.status === status && r.headers['x-idempotent-replayed'] !== 'true');
  const summary = this.burst.map((r) => `${r.status}${r.headers['x-idempotent-replayed'] === 'true' ? ' (replayed)' : ''}`).join(', ');
  assert.equal(originals.length, n, `answers: ${summary}`);
  this.payment = originals[0].body;
  this.last = originals[0];
});

Then('every other answer is either a replay of that payment or {int} {string} with {string}', function (status, errorId, header) {
  const [hName, hValue] = header.split(':').map((s) => s.trim());
  for (const r of this.burst) {
    if (r === this.last) continue;
    if (r.status === 200) {
      assert.equal(r.headers['x-idempotent-replayed'], 'true', 'a second 200 answer must be a replay');
      assert.equal(r.body.id, this.payment.id, 'a replay must return the same payment');
      assert.deepStrictEqual(r.body, this.last.body, 'a replay must return the original body');
    } else {
      assert.equal(r.status, status, `unexpected answer ${r.status}: ${r.text.slice(0, 500)}`);
      assert.equal(r.body.error.errorId, errorId);
      assert.equal(r.headers[hName.toLowerCase()], hValue, `${hName} header on ${errorId}`);
    }
  }
});
