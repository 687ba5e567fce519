'use strict';
// 3-D Secure through the merchant API: a payment that needs a challenge comes back PENDING with
// requiredAction 3DS_AUTHENTICATION; the customer answers the processor's challenge page (here
// driven over HTTP, as the browser would post its form); POST /payments/{id}/resume completes it.
const assert = require('node:assert/strict');
const { When, Then } = require('@cucumber/cucumber');

// The challenge the payment's client token names (docs/three_d_secure.md, "The client token").
function challengeOf(payment) {
  const action = payment && payment.requiredAction;
  assert.ok(action, `the payment has no requiredAction: ${JSON.stringify(payment)}`);
  const decoded = JSON.parse(Buffer.from(action.clientToken, 'base64').toString('utf8'));
  assert.equal(decoded.type, '3DS_CHALLENGE');
  assert.equal(decoded.paymentId, payment.id);
  return decoded;
}

Then('the payment waits for the customer\'s 3-D Secure challenge', function () {
  const p = this.payment;
  assert.equal(p.status, 'PENDING', JSON.stringify(p));
  assert.equal(p.requiredAction.name, '3DS_AUTHENTICATION');
  assert.ok(p.requiredAction.description, 'requiredAction.description must say what to do');
  const c = challengeOf(p);
  assert.match(c.resumeToken, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  // The processor's (or the directory server's) challenge page on its emulator.
  assert.match(c.challengeUrl, /^http:\/\/127\.0\.0\.1:\d+\/3ds\//);
  assert.equal(p.paymentMethod.threeDSecureAuthentication.responseCode, 'CHALLENGE');
  this.challenge = c;
});

// The challenge of the current payment, remembered once seen.
function currentChallenge(world) {
  if (!world.challenge) world.challenge = challengeOf(world.payment);
  return world.challenge;
}

When(/^the customer (approves|refuses) the challenge$/, async function (decision) {
  currentChallenge(this);
  const page = await fetch(this.challenge.challengeUrl);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /Complete authentication/);
  assert.match(html, /Fail authentication/);
  const res = await fetch(this.challenge.challengeUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `decision=${decision === 'approves' ? 'approve' : 'refuse'}`,
    redirect: 'manual',
  });
  assert.equal(res.status, 303, await res.text());
  this.challengeReturn = res.headers.get('location');
});

Then('the challenge sent the customer back to Switchyard\'s return page', async function () {
  const back = new URL(this.challengeReturn);
  assert.equal(back.origin, this.server.baseUrl.replace(/\/$/, ''));
  assert.equal(back.pathname, '/checkout/3ds/return');
  assert.equal(back.searchParams.get('payment'), this.payment.id);
  const page = await fetch(back);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /switchyard-3ds-complete/);
});

When('the merchant resumes the payment with its resume token', async function () {
  const { resumeToken } = currentChallenge(this);
  await this.send('POST', `/payments/${this.payment.id}/resume`, { body: { resumeToken } });
});

When('the merchant resumes the payment with the resume token {string}', async function (token) {
  await this.send('POST', `/payments/${this.payment.id}/resume`, { body: { resumeToken: token } });
});

When('merchant {string} tries to resume merchant {string}\'s payment with its resume token', async function (who, owner) {
  const id = this.merchant(owner).payment.id;
  await this.api('POST', `/payments/${id}/resume`, { body: { resumeToken: this.challenge.resumeToken }, apiKey: this.keyOf(who) });
});

When('the merchant saves this payment as merchant {string}\'s', function (name) {
  this.merchant(name).payment = this.payment;
});

Then('the 3-D Secure authentication shows:', function (table) {
  const a = this.payment.paymentMethod.threeDSecureAuthentication;
  assert.ok(a, `no threeDSecureAuthentication in ${JSON.stringify(this.payment.paymentMethod)}`);
  for (const [field, value] of table.raw().slice(1)) {
    assert.equal(String(a[field]), value, `threeDSecureAuthentication.${field}: ${JSON.stringify(a)}`);
  }
});

Then('the payment has no required action', function () {
  assert.equal(this.payment.requiredAction, undefined, JSON.stringify(this.payment.requiredAction));
});

When('someone opens Switchyard\'s return page for payment {string} of merchant {string} with {string}', async function (payment, merchant, extra) {
  const url = `${this.server.baseUrl.replace(/\/$/, '')}/checkout/3ds/return?payment=${encodeURIComponent(payment)}` +
              `&merchant=${encodeURIComponent(merchant)}&${extra}`;
  this.returnPage = await fetch(url);
});

Then('the return page is shown', async function () {
  assert.equal(this.returnPage.status, 200);
  assert.equal(this.returnPage.headers.get('cache-control'), 'no-store');
  assert.match(await this.returnPage.text(), /switchyard-3ds-complete/);
});
