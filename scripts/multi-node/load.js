#!/usr/bin/env node
// The merchant side of scripts/multi-node-test.sh: drives payments through nginx with the retry
// discipline the API asks for, then checks what the nodes stored against what the processor's
// emulator charged. No dependencies beyond Node 18+ (fetch) and psql.
//
//   load.js run --target URL --api-key K --payments N --workers W --progress FILE --out FILE
//       Each payment: a client session, a tokenized card, then POST /payments with its own
//       X-Idempotency-Key, re-sent with the same key after any network error, 5xx, or 409
//       "still in progress" until a definitive answer arrives. Every answer is recorded in FILE.
//       FILE's "acknowledged" count is also written to the progress file as it grows.
//   load.js verify --target URL --api-key K --emulator URL --database-url URL --results FILE
//       Waits for every payment to be resolved, then checks and prints a summary; exits 1 on any
//       violation.
'use strict';
const fs = require('fs');
const { execFileSync } = require('child_process');

const RETRY_MS = 200;
const REQUEST_TIMEOUT_MS = 20000;
const PAYMENT_DEADLINE_MS = Number(process.env.MULTI_NODE_DEADLINE_MS || 120000);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function args() {
  const out = { _: process.argv[2] };
  for (let i = 3; i < process.argv.length; i += 2) out[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
  return out;
}

// One HTTP exchange; a network failure is {status: 0}.
async function call(target, method, path, { apiKey, bearer, key, body } = {}) {
  const headers = { 'X-Api-Version': '2.4', Accept: 'application/json' };
  if (apiKey) headers['X-Api-Key'] = apiKey;
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  if (key) headers['X-Idempotency-Key'] = key;
  if (body) headers['Content-Type'] = 'application/json';
  try {
    const res = await fetch(target + path, {
      method, headers, body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await res.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON: nginx's own error page */ }
    return { status: res.status, json, replayed: res.headers.get('x-idempotent-replayed') === 'true' };
  } catch (e) {
    return { status: 0, error: String(e.cause?.code || e.message) };
  }
}

// Worth sending again (with the same idempotency key): the answer was lost or not definitive.
function transient(r) {
  if (r.status === 0 || r.status >= 500) return true;
  const id = r.json?.error?.errorId;
  return r.status === 409 && (id === 'IdempotencyKeyInUse' || id === 'PaymentOperationInProgress');
}

async function untilDefinitive(send, stats, what) {
  const deadline = Date.now() + PAYMENT_DEADLINE_MS;
  for (;;) {
    const r = await send();
    stats.byStatus[r.status] = (stats.byStatus[r.status] || 0) + 1;
    if (!transient(r)) return r;
    stats.retries[what] = (stats.retries[what] || 0) + 1;
    if (Date.now() > deadline) return r;
    await sleep(RETRY_MS);
  }
}

async function run(a) {
  const target = a.target, apiKey = a['api-key'];
  const total = Number(a.payments), workers = Number(a.workers);
  const runId = Date.now().toString(36);
  const results = [];
  const stats = { byStatus: {}, retries: {} };
  let next = 0, acknowledged = 0;
  const progress = () => fs.writeFileSync(a.progress, `${acknowledged}\n`);
  progress();

  async function onePayment(i) {
    const orderId = `mn-${runId}-${i}`, key = `mn-key-${runId}-${i}`, amount = 1000 + i;
    const rec = { i, orderId, key, amount, answers: [] };
    const session = await untilDefinitive(() => call(target, 'POST', '/client-session',
      { apiKey, body: { orderId, currencyCode: 'EUR', amount } }), stats, 'session');
    if (session.status !== 200) { rec.error = `client session: ${session.status}`; return rec; }
    const tok = await untilDefinitive(() => call(target, 'POST', '/checkout/tokenize', {
      bearer: session.json.clientToken,
      body: { paymentInstrument: { number: '4111111111111111', expirationMonth: '12',
                                   expirationYear: '2035', cvv: '737', cardholderName: 'Ada Lovelace' } },
    }), stats, 'tokenize');
    if (tok.status !== 200) { rec.error = `tokenize: ${tok.status}`; return rec; }
    const body = { paymentMethodToken: tok.json.token, orderId, amount, currencyCode: 'EUR' };
    const deadline = Date.now() + PAYMENT_DEADLINE_MS;
    for (;;) {
      const r = await call(target, 'POST', '/payments', { apiKey, key, body });
      stats.byStatus[r.status] = (stats.byStatus[r.status] || 0) + 1;
      rec.answers.push({ status: r.status, id: r.json?.id, paymentStatus: r.json?.status,
                         errorId: r.json?.error?.errorId, replayed: r.replayed, error: r.error });
      if (!transient(r)) break;
      stats.retries.payment = (stats.retries.payment || 0) + 1;
      if (Date.now() > deadline) { rec.error = 'no definitive answer before the deadline'; return rec; }
      await sleep(RETRY_MS);
    }
    // One more retry of the acknowledged request: it must replay the same answer.
    const again = await untilDefinitive(() => call(target, 'POST', '/payments', { apiKey, key, body }),
                                        stats, 'replay');
    rec.answers.push({ status: again.status, id: again.json?.id, paymentStatus: again.json?.status,
                       replayed: again.replayed, check: true });
    acknowledged += 1;
    progress();
    return rec;
  }

  await Promise.all(Array.from({ length: workers }, async () => {
    while (next < total) results.push(await onePayment(next++));
  }));
  fs.writeFileSync(a.out, JSON.stringify({ runId, stats, results }, null, 1));
  const failed = results.filter((r) => r.error);
  console.log(`load: ${results.length} payments, ${acknowledged} acknowledged, ${failed.length} without an answer; ` +
              `HTTP statuses ${JSON.stringify(stats.byStatus)}; retries ${JSON.stringify(stats.retries)}`);
  process.exit(failed.length ? 1 : 0);
}

function psql(url, sql) {
  return execFileSync('psql', [url, '-Atq', '-F', '\t', '-c', sql], { encoding: 'utf8' })
    .trim().split('\n').filter(Boolean).map((l) => l.split('\t'));
}

async function verify(a) {
  const { runId, results, stats } = JSON.parse(fs.readFileSync(a.results, 'utf8'));
  const db = a['database-url'];
  const problems = [];
  const problem = (m) => { if (problems.length < 50) problems.push(m); else problems.length++; };

  // Payments the killed node left in flight are resolved by the others' sweep (and PENDING answers
  // by inquiry): wait for the store to have nothing unresolved.
  let unresolved = -1;
  for (let i = 0; i < 120; i++) {
    unresolved = Number(psql(db, `SELECT count(*) FROM payments WHERE unresolved = 1`)[0][0]);
    if (unresolved === 0) break;
    await sleep(500);
  }
  if (unresolved !== 0) problem(`${unresolved} payments still have an unresolved processor call`);

  const stored = new Map();  // order id -> rows
  for (const [id, orderId, status] of psql(db,
    `SELECT id, order_id, status FROM payments WHERE order_id LIKE 'mn-${runId}-%'`)) {
    if (!stored.has(orderId)) stored.set(orderId, []);
    stored.get(orderId).push({ id, status });
  }
  const ledgerRes = await fetch(`${a.emulator}/v1/ledger`, { headers: { Authorization: 'Bearer multi-node' } });
  const ledger = await ledgerRes.json();
  const charged = new Map();  // reference -> successful authorizations
  for (const p of ledger.payments) {
    if (p.authorized > 0) charged.set(p.reference, (charged.get(p.reference) || 0) + 1);
  }

  const counts = { AUTHORIZED: 0, other: 0, answeredPending: 0, replays: 0 };
  for (const r of results) {
    if (r.error) { problem(`${r.orderId}: ${r.error}`); continue; }
    const rows = stored.get(r.orderId) || [];
    if (rows.length !== 1) { problem(`${r.orderId}: ${rows.length} payments stored (want exactly 1)`); continue; }
    const row = rows[0];
    const final = r.answers.filter((x) => x.status === 200);
    if (final.length < 2) { problem(`${r.orderId}: acknowledged ${final.length} times (want the answer and its replay)`); continue; }
    for (const x of final) {
      if (x.id !== row.id) problem(`${r.orderId}: answered with payment ${x.id}, stored ${row.id}`);
    }
    const last = final[final.length - 1];
    if (!last.replayed) problem(`${r.orderId}: the retry after the answer was not a replay`);
    counts.replays += final.filter((x) => x.replayed).length;
    // What was acknowledged is what is stored (a PENDING answer resolves later, by inquiry).
    const answered = final[0].paymentStatus;
    if (answered === 'PENDING') counts.answeredPending++;
    else if (answered !== row.status) problem(`${r.orderId}: answered ${answered}, stored ${row.status}`);
    const nCharged = charged.get(r.orderId) || 0;
    if (row.status === 'AUTHORIZED') {
      counts.AUTHORIZED++;
      if (nCharged !== 1) problem(`${r.orderId}: AUTHORIZED but charged ${nCharged} times at the processor`);
    } else {
      counts.other++;
      if (nCharged !== 0) problem(`${r.orderId}: ${row.status} but charged ${nCharged} times at the processor`);
    }
  }
  for (const [ref, n] of charged) {
    if (ref.startsWith(`mn-${runId}-`) && !stored.has(ref)) problem(`${ref}: charged ${n} times, no payment stored`);
  }
  const statuses = {};
  for (const rows of stored.values()) for (const { status } of rows) statuses[status] = (statuses[status] || 0) + 1;
  console.log(`verify: ${results.length} payments; stored statuses ${JSON.stringify(statuses)}; ` +
              `processor charges ${ledger.charge_count} (authorized payments ${counts.AUTHORIZED}); ` +
              `answered PENDING then resolved ${counts.answeredPending}; replays checked ${counts.replays}; ` +
              `HTTP statuses seen ${JSON.stringify(stats.byStatus)}`);
  if (problems.length) {
    console.log(`verify: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log('verify: every payment stored exactly once, every key answered once and replayed, ' +
              'the processor charged exactly the authorized payments');
}

const a = args();
if (a._ === 'run') run(a);
else if (a._ === 'verify') verify(a).catch((e) => { console.error(e); process.exit(1); });
else { console.error('usage: load.js run|verify ... (see the header)'); process.exit(2); }
