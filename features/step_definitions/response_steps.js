'use strict';
// Steps that look at the last response.
const assert = require('node:assert/strict');
const { Then } = require('@cucumber/cucumber');
const { getPath, checkFields, deepContains, list, normalizeNetwork, parseUtc } = require('./helpers');

Then('the response status is {int}', function (status) {
  this.expectStatus(status);
});

Then('the response shows:', function (table) {
  checkFields(this.last.body, table, `${this.last.method} ${this.last.path}`);
});

Then('the response has a non-empty {string}', function (field) {
  const v = getPath(this.last.body, field);
  assert.ok(typeof v === 'string' && v.length > 0, `expected a non-empty string "${field}", got ${JSON.stringify(v)}`);
});

Then('the response field {string} names the card network {string}', function (field, network) {
  const v = getPath(this.last.body, field);
  assert.ok(typeof v === 'string' && v, `expected "${field}" to name the card network, got ${JSON.stringify(v)}`);
  assert.equal(normalizeNetwork(v), normalizeNetwork(network), `"${field}" is ${JSON.stringify(v)}, expected the ${network} network`);
});

Then('the request is rejected with {int} {string}', function (status, errorId) {
  this.expectStatus(status);
  const err = this.last.body && this.last.body.error;
  assert.ok(err, `expected an error body, got ${this.last.text.slice(0, 1000)}`);
  assert.equal(err.errorId, errorId, `expected errorId ${errorId}, got ${err.errorId}: ${err.description}`);
  assert.ok(typeof err.description === 'string' && err.description.length > 0, 'error.description must be non-empty');
});

Then('the request is rejected with {int} {string} at {string}', function (status, errorId, path) {
  this.expectStatus(status);
  const err = this.last.body && this.last.body.error;
  assert.ok(err, `expected an error body, got ${this.last.text.slice(0, 1000)}`);
  assert.equal(err.errorId, errorId, `expected errorId ${errorId}, got ${err.errorId}: ${err.description}`);
  const ve = err.validationErrors;
  assert.ok(Array.isArray(ve) && ve.length, `expected validationErrors [{model, errors: [{path, description}]}], got ${JSON.stringify(ve)}`);
  const paths = ve.flatMap((m) => (Array.isArray(m.errors) ? m.errors.map((e) => e.path) : []));
  assert.ok(paths.includes(path), `expected a validation error at ${path}, got paths ${JSON.stringify(paths)} in ${JSON.stringify(ve)}`);
  for (const m of ve) {
    assert.ok(typeof m.model === 'string' && m.model, `validationErrors entry without "model": ${JSON.stringify(m)}`);
    for (const e of m.errors) assert.ok(typeof e.description === 'string' && e.description, `validation error without description: ${JSON.stringify(e)}`);
  }
});

Then('the response contains everything that was sent for {string}', function (fields) {
  const sent = this.session.request;
  for (const f of list(fields)) {
    assert.ok(f in sent, `the scenario did not send "${f}"`);
    deepContains(this.last.body[f], sent[f], `$.${f}`);
  }
});

Then('the client token expires about 24 hours from now', function () {
  const exp = parseUtc(this.last.body.clientTokenExpirationDate);
  const hours = (exp - Date.now()) / 3_600_000;
  assert.ok(hours > 23 && hours < 25, `clientTokenExpirationDate ${this.last.body.clientTokenExpirationDate} is ${hours.toFixed(2)} h from now, expected 24 h`);
});

Then('the response is marked as replayed', function () {
  assert.equal(this.last.headers['x-idempotent-replayed'], 'true', `expected X-Idempotent-Replayed: true, headers ${JSON.stringify(this.last.headers)}`);
});

Then('the response is not marked as replayed', function () {
  const h = this.last.headers['x-idempotent-replayed'];
  assert.ok(h === undefined || h === 'false', `a first request must not be marked as replayed (X-Idempotent-Replayed: ${h})`);
});

Then('the response body is identical to the first one', function () {
  assert.ok(this.firstResponse, 'no first response');
  assert.equal(this.last.status, this.firstResponse.status, 'the replay has a different status');
  assert.deepStrictEqual(this.last.body, this.firstResponse.body, 'the replayed body differs from the original');
});

Then('no response in this scenario contains the card number or the CVV', function () {
  assert.ok(this.pans.size > 0, 'no card was sent in this scenario');
  for (const r of this.responses) {
    for (const pan of this.pans) assert.ok(!r.text.includes(pan), `${r.method} ${r.path} returned the card number`);
    for (const cvv of this.cvvs) assert.ok(!r.text.includes(`"${cvv}"`), `${r.method} ${r.path} returned the CVV`);
    assert.ok(!/"(cvv|cvc|securityCode)"\s*:/i.test(r.text), `${r.method} ${r.path} has a CVV field`);
  }
});

Then("the server's output never contains the card number, the CVV or the API key", function () {
  const out = this.server.allOutput();
  for (const pan of this.pans) assert.ok(!out.includes(pan), 'the server log / stderr contains a card number');
  for (const cvv of this.cvvs) assert.ok(!out.includes(`"${cvv}"`), 'the server log / stderr contains the CVV');
  // --demo announces its key once on stdout, by design (it is the operator's to copy); nowhere else.
  const elsewhere = out.split('\n').filter((l) => !l.startsWith('Demo API key: ')).join('\n');
  assert.ok(!elsewhere.includes(this.server.demoApiKey), 'the server log / stderr contains the API key');
  assert.ok(!out.includes(this.server.adminKey), 'the server log / stderr contains the admin key');
});
