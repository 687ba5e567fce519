'use strict';
// Self-test of the contract validator: `node support/contract.selftest.js` (from features/).
// Exits non-zero if any check fails. It needs no server.
const assert = require('node:assert/strict');
const { ContractValidator, isPrimerDateTime } = require('./contract');

if (require.main !== module) return; // never run as Cucumber support code

const v = ContractValidator.load();
const clone = (x) => JSON.parse(JSON.stringify(x));
const example = (template, method, status) =>
  clone(v.spec.paths[template][method].responses[String(status)].content['application/json'].example);

let passed = 0;
const failures = [];
function check(name, fn) {
  try {
    fn();
    passed += 1;
    console.log(`  ok   ${name}`);
  } catch (e) {
    failures.push(name);
    console.log(`  FAIL ${name}\n       ${String(e.message).split('\n').join('\n       ')}`);
  }
}
const res = (method, path, status, body, contentType = 'application/json') =>
  v.validateResponse({ method, path, status, contentType, text: JSON.stringify(body) });

// The spec's own PaymentAPIResponse example lists transactions without the fields that
// TransactionOverviewAPISchema declares `required` (id, processor, status, date, amount,
// currencyCode). Switchyard sends them (docs/api.md), so the example is completed the same way.
function completeTransactions(payment) {
  payment.transactions = payment.transactions.map((t, i) => ({
    id: `txn_${i}`,
    type: t.type,
    status: t.processorStatus,
    processor: t.processorName,
    date: payment.date,
    amount: payment.amount,
    currencyCode: payment.currencyCode,
    transactionType: t.type,
    ...t,
  }));
  return payment;
}

console.log(`contract self-test against ${v.specPath}`);

check('path templates: concrete paths map to the spec templates', () => {
  assert.equal(v.templateFor('/payments'), '/payments');
  assert.equal(v.templateFor('/payments?order_id=x&limit=2'), '/payments');
  assert.equal(v.templateFor('/payments/pay_abc'), '/payments/{id}');
  assert.equal(v.templateFor('/payments/pay_abc/capture'), '/payments/{id}/capture');
  assert.equal(v.templateFor('/payments/pay_abc/refund'), '/payments/{id}/refund');
  assert.equal(v.templateFor('/client-session?clientToken=abc'), '/client-session');
  assert.equal(v.templateFor('/checkout/tokenize'), null);
  assert.equal(v.templateFor('/admin/merchants'), null);
});

check("the spec's raw POST /payments example fails TransactionOverviewAPISchema.required (known spec conflict)", () => {
  const r = res('POST', '/payments', 200, example('/payments', 'post', 200));
  assert.equal(r.ok, false, 'expected the incomplete example to be rejected');
  const missing = r.errors.filter((e) => e.message.startsWith('must have required property'))
    .map((e) => e.params.missingProperty);
  for (const f of ['id', 'processor', 'status', 'date', 'amount', 'currencyCode']) {
    assert.ok(missing.includes(f), `expected ${f} to be reported missing, got ${missing}`);
  }
});

check('a valid PaymentAPIResponse (spec example, transactions completed) passes', () => {
  const body = completeTransactions(example('/payments', 'post', 200));
  const r = res('POST', '/payments', 200, body);
  assert.ok(r.ok, JSON.stringify(r.errors, null, 1));
  assert.match(r.label, /PaymentAPIResponse/);
  const r2 = res('GET', '/payments/kHdEw9EG', 200, body);
  assert.ok(r2.ok, JSON.stringify(r2.errors, null, 1));
  const r3 = res('POST', '/payments/kHdEw9EG/refund', 200, completeTransactions(example('/payments/{id}/refund', 'post', 200)));
  assert.ok(r3.ok, JSON.stringify(r3.errors, null, 1));
});

check('status "BOGUS" fails with an enum error at /status', () => {
  const body = completeTransactions(example('/payments', 'post', 200));
  body.status = 'BOGUS';
  const r = res('GET', '/payments/kHdEw9EG', 200, body);
  assert.equal(r.ok, false);
  assert.ok(r.errors.some((e) => e.instancePath === '/status' && /allowed values/.test(e.message)), JSON.stringify(r.errors));
});

check('wrong types, bad enum values in nested objects and bad currencies fail', () => {
  const body = completeTransactions(example('/payments', 'post', 200));
  body.amount = '42';
  body.currencyCode = 'usd';
  body.statusReason = { type: 'ISSUER_DECLINED', declineType: 'MAYBE', code: 'DO_NOT_HONOR' };
  body.paymentMethod.paymentMethodData = { first6Digits: '41111', last4Digits: '1111', expirationMonth: '12', expirationYear: '2030' };
  body.transactions[0].processorStatus = 'DONE';
  const r = res('GET', '/payments/x', 200, body);
  assert.equal(r.ok, false);
  const paths = r.errors.map((e) => e.instancePath);
  for (const p of ['/amount', '/currencyCode', '/statusReason/declineType', '/transactions/0/processorStatus']) {
    assert.ok(paths.includes(p), `expected an error at ${p}, got ${paths}`);
  }
});

check('statusReason without its required "type" fails', () => {
  const body = completeTransactions(example('/payments', 'post', 200));
  body.status = 'DECLINED';
  body.statusReason = { declineType: 'HARD_DECLINE', code: 'DO_NOT_HONOR' };
  assert.equal(res('GET', '/payments/x', 200, body).ok, false);
});

check('null where the spec does not say nullable fails (e.g. statusReason: null)', () => {
  const body = completeTransactions(example('/payments', 'post', 200));
  body.statusReason = null;
  assert.equal(res('GET', '/payments/x', 200, body).ok, false);
});

check('OpenAPI nullable is honoured (Expand is nullable)', () => {
  assert.ok(v.validateSchema('Expand', null).ok);
  assert.ok(v.validateSchema('Expand', ['transactions.events']).ok);
  assert.equal(v.validateSchema('Expand', ['everything']).ok, false);
});

check('timestamps: Primer style without zone is accepted, garbage is not', () => {
  assert.ok(isPrimerDateTime('2021-02-21T15:36:16.367687'));
  assert.ok(isPrimerDateTime('2021-02-21T15:36:16Z'));
  assert.ok(isPrimerDateTime('2021-02-21T15:36:16.1+02:00'));
  assert.equal(isPrimerDateTime('2021-02-30T15:36:16'), false);
  assert.equal(isPrimerDateTime('21/02/2021'), false);
  const body = completeTransactions(example('/payments', 'post', 200));
  body.date = 'yesterday';
  assert.equal(res('GET', '/payments/x', 200, body).ok, false);
});

check('PaymentListAPIResponse: summary example passes, a summary missing "amount" fails', () => {
  const summary = { ...clone(v.spec.components.schemas.PaymentSummaryAPISchema.example), dateUpdated: '2021-03-24T14:56:57.000001' };
  assert.ok(res('GET', '/payments?limit=2', 200, { data: [summary], nextCursor: 'abc' }).ok);
  delete summary.amount;
  assert.equal(res('GET', '/payments', 200, { data: [summary] }).ok, false);
});

check('client session: create needs clientToken + clientTokenExpirationDate', () => {
  const ok = { clientToken: 'tok', clientTokenExpirationDate: '2030-01-01T00:00:00.000000', orderId: 'o', currencyCode: 'EUR', amount: 5 };
  assert.ok(res('POST', '/client-session', 200, ok).ok);
  assert.equal(res('POST', '/client-session', 200, { orderId: 'o' }).ok, false);
  assert.ok(res('GET', '/client-session?clientToken=tok', 200, { orderId: 'o', currencyCode: 'EUR' }).ok);
  assert.equal(res('PATCH', '/client-session', 200, { currencyCode: 'EURO' }).ok, false);
});

check('errors: spec statuses use their schema; 401/404/413 fall back to {error: ErrorObject}', () => {
  const err = { error: { errorId: 'RequestValidationError', description: 'bad', diagnosticsId: 'r1',
    validationErrors: [{ model: 'PaymentCreationAPIRequest', errors: [{ path: '$.amount', description: 'x' }] }] } };
  const r422 = res('POST', '/payments', 422, err);
  assert.ok(r422.ok && /422ErrorResponse/.test(r422.label), r422.label);
  const r401 = res('GET', '/payments', 401, { error: { errorId: 'Unauthorized', description: 'no key', diagnosticsId: 'r2' } });
  assert.ok(r401.ok && /fallback/.test(r401.label), r401.label);
  assert.ok(res('GET', '/payments/nope', 404, { error: { errorId: 'PaymentNotFoundError', description: 'x' } }).ok);
  assert.equal(res('POST', '/payments', 413, { error: { errorId: 'PayloadTooLarge' } }).ok, false, 'description is required');
  assert.equal(res('POST', '/payments', 413, { errorId: 'PayloadTooLarge', description: 'x' }).ok, false, 'must be wrapped in {error}');
  assert.equal(res('POST', '/payments/x/capture', 400, { error: { errorId: 7, description: 'x' } }).ok, false);
  assert.ok(res('POST', '/payments', 409, { error: { errorId: 'IdempotencyKeyInUse', description: 'busy' } }).ok);
});

check('non-spec paths: JSON only; non-JSON or a wrong Content-Type fails anywhere', () => {
  const r = res('POST', '/checkout/tokenize', 200, { token: 't', anything: [1] });
  assert.ok(r.ok && r.skipped);
  assert.ok(res('POST', '/admin/merchants', 201, { id: 'm', name: 'B' }).ok);
  assert.equal(res('POST', '/admin/merchants', 401, { message: 'no' }).ok, false, 'errors keep the envelope');
  assert.equal(v.validateResponse({ method: 'GET', path: '/healthz', status: 200, contentType: 'application/json', text: 'ok' }).ok, false);
  assert.equal(v.validateResponse({ method: 'GET', path: '/payments', status: 200, contentType: 'text/plain', text: '{"data":[]}' }).ok, false);
});

check('assertResponse throws with the Ajv error list', () => {
  assert.throws(() => v.assertResponse({ method: 'GET', path: '/payments/x', status: 200, contentType: 'application/json', text: '{"status":"BOGUS"}' }),
    (e) => e.name === 'ContractError' && /\/status/.test(e.message) && /allowed values/.test(e.message));
});

console.log(`${passed} passed, ${failures.length} failed`);
console.log(`contract: ${v.validatedCount} responses validated`);
process.exitCode = failures.length ? 1 : 0;
