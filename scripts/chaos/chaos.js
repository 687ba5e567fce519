#!/usr/bin/env node
// The chaos suite (docs/reliability.md, "Chaos suite"): seeded, reproducible fault injection
// against the real server binary and the real processor emulators, then the invariants.
//
//   chaos.js --bin build/switchyard --seed 1 --payments 300 [--workers 8] [--kills 3] [--keep]
//
// What it does, all on loopback:
//   1. `switchyard sandbox --webhooks-to RELAY`: the four processor emulators in their own process,
//      so their ledgers (the truth about what was charged) outlive every server kill. Their
//      webhooks go to this script's relay, which forwards them to the server wherever it listens
//      now, and (seeded) holds some back (late) and delivers some twice (duplicates).
//   2. A merchant, a connection per processor (CLI) and a workflow with fallbacks:
//      a 50/50 split of TEST_PROCESSOR -> ADYEN and STRIPE -> CHECKOUTCOM.
//   3. `switchyard serve` on SQLite with a short processor timeout, lease and sweep interval.
//   4. N payments by W workers, each with a seeded plan: create+authorize (sometimes sent twice at
//      once with one key), then capture (full/partial), cancel, refund (full/partial), each with its
//      own idempotency key, retried with the same key after a network error, 5xx (503 included),
//      or 409 "in progress", as the API asks; every request has a client timeout.
//   5. Meanwhile (seeded) faults at the emulators: 5xx before/after processing, dropped
//      connections before/after processing, answers slower than the processor timeout, latency;
//      and `kill -9` of the server at seeded points, restarted at once.
//   6. Faults off; waits for the sweep to settle; then checks and prints the invariants (see
//      checkInvariants) and exits 1 on a violation, naming the seed.
// Timing (thread scheduling) is not seeded: a seed fixes the plan of every payment, the faults'
// kinds and the kill points, which is what makes a failure reproducible in practice.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');
const { spawn, execFileSync } = require('child_process');

// ---- arguments, randomness -------------------------------------------------------------------
function args() {
  const out = { workers: '8', kills: '3', payments: '300', seed: '1' };
  const v = process.argv.slice(2);
  for (let i = 0; i < v.length; i++) {
    const k = v[i].replace(/^--/, '');
    if (k === 'keep') out.keep = true;
    else out[k] = v[++i];
  }
  return out;
}
function rng(seed) {  // mulberry32
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)), chance: (p) => next() < p,
           pick: (xs) => xs[Math.floor(next() * xs.length)] };
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const A = args();
const SEED = Number(A.seed), PAYMENTS = Number(A.payments), WORKERS = Number(A.workers);
const KILLS = Number(A.kills);
const BIN = path.resolve(A.bin || 'build/switchyard');
const PROCESSOR_TIMEOUT_MS = 1000;
const REQUEST_TIMEOUT_MS = 8000;           // the client's own timeout per request
const OP_DEADLINE_MS = 120000;             // per operation, retries included
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), `sy-chaos-${SEED}-`));
const log = (m) => console.log(`[chaos seed=${SEED} ${new Date().toISOString().slice(11, 19)}] ${m}`);

// The demo connections' credentials (src/app/sandboxes.cc): the sandboxes sign their webhooks
// with these secrets.
const PROCESSORS = {
  TEST_PROCESSOR: { name: 'tp', credentials: { apiKey: 'sk_sandbox_demo', webhookSecret: 'whsec_test_processor_demo' },
                    control: '/v1/_control', ledger: '/v1/ledger', auth: { Authorization: 'Bearer sk_sandbox_demo' } },
  STRIPE: { name: 'stripe', credentials: { secretKey: 'sk_test_switchyard_demo', webhookSecret: 'whsec_stripe_switchyard_demo' },
            control: '/v1/_control', ledger: '/v1/_ledger', auth: { Authorization: 'Bearer sk_test_switchyard_demo' } },
  ADYEN: { name: 'adyen', credentials: { apiKey: 'AQE_switchyard_demo', merchantAccount: 'SwitchyardDemoECOM',
                                         hmacKey: '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056' },
           control: '/_control', ledger: '/_ledger', auth: { 'X-API-Key': 'AQE_switchyard_demo' } },
  CHECKOUTCOM: { name: 'cko', credentials: { secretKey: 'sk_sbox_switchyard_demo', webhookSecret: 'cko_whsk_switchyard_demo' },
                 control: '/_control', ledger: '/_ledger', auth: { Authorization: 'Bearer sk_sbox_switchyard_demo' } },
};
const WORKFLOW = {
  schemaVersion: 1, name: 'Chaos: two routes, each with a fallback', trigger: { event: 'PAYMENT_CREATED' },
  fallback: { declineClasses: ['SOFT_DECLINE', 'PROCESSOR_ERROR', 'PROCESSOR_TIMEOUT'] },
  steps: [{ type: 'SPLIT', id: 'chaos-split', routes: [
    { id: 'tp-first', percentage: 50, steps: [{ type: 'AUTHORIZE', connection: 'tp', fallbackConnections: ['adyen'] }] },
    { id: 'stripe-first', percentage: 50, steps: [{ type: 'AUTHORIZE', connection: 'stripe', fallbackConnections: ['cko'] }] },
  ] }],
};

const stats = { requests: 0, byStatus: {}, retries: 0, concurrentDuplicates: 0, kills: 0, faults: {},
                webhooksRelayed: 0, webhookDuplicates: 0, webhooksLate: 0, ops: {} };
const bump = (o, k, n = 1) => { o[k] = (o[k] || 0) + n; };

// ---- processes --------------------------------------------------------------------------------
const env = { ...process.env, SWITCHYARD_DATA_DIR: path.join(TMP, 'data'), SWITCHYARD_VAULT_KEY: 'chaos-vault-key',
              SWITCHYARD_LOG_LEVEL: 'warn' };
const children = new Set();
function cli(...a) { return execFileSync(BIN, a, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim(); }

let server = null;          // the running server process
let base = null;            // its URL, or null while it is down
async function startServer() {
  const dir = path.join(TMP, 'data');
  fs.rmSync(path.join(dir, 'listening'), { force: true });
  const out = fs.openSync(path.join(TMP, 'server.log'), 'a');
  const p = spawn(BIN, ['serve', '--listen', '127.0.0.1:0', '--data-dir', dir,
                        '--processor-timeout-ms', String(PROCESSOR_TIMEOUT_MS), '--lease-ttl-ms', '4000',
                        '--recovery-interval-ms', '500', '--threads', '2'],
                  { env: { ...env, SWITCHYARD_LOG_LEVEL: 'info' }, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  children.add(p);
  p.on('exit', () => children.delete(p));
  for (let i = 0; i < 400; i++) {
    const f = path.join(dir, 'listening');
    if (fs.existsSync(f) && fs.readFileSync(f, 'utf8').trim()) {
      server = p;
      base = `http://${fs.readFileSync(f, 'utf8').trim()}`;
      return;
    }
    if (p.exitCode !== null) break;
    await sleep(25);
  }
  throw new Error('the server did not start (see server.log)');
}
async function killServer() {
  const p = server;
  base = null;
  server = null;
  p.kill('SIGKILL');
  if (p.exitCode === null) await new Promise((r) => p.once('exit', r));
}

// ---- HTTP ------------------------------------------------------------------------------------
async function call(method, p, { key, body, bearer } = {}) {
  const at = base;
  if (!at) { await sleep(50); return { status: 0, error: 'server down' }; }
  const headers = { 'X-Api-Version': '2.4', Accept: 'application/json' };
  if (bearer) headers.Authorization = `Bearer ${bearer}`; else headers['X-Api-Key'] = apiKey;
  if (key) headers['X-Idempotency-Key'] = key;
  if (body) headers['Content-Type'] = 'application/json';
  stats.requests++;
  try {
    const res = await fetch(at + p, { method, headers, body: body ? JSON.stringify(body) : undefined,
                                      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const text = await res.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    bump(stats.byStatus, res.status);
    return { status: res.status, json, replayed: res.headers.get('x-idempotent-replayed') === 'true' };
  } catch (e) {
    bump(stats.byStatus, 0);
    return { status: 0, error: String(e.cause?.code || e.name || e.message) };
  }
}
function transient(r) {
  if (r.status === 0 || r.status >= 500) return true;  // lost, crashed, overloaded (503 + Retry-After)
  const id = r.json?.error?.errorId;
  return r.status === 409 && (id === 'IdempotencyKeyInUse' || id === 'PaymentOperationInProgress');
}
// Sends until a definitive answer (same key every time); null after the deadline.
async function untilDefinitive(send) {
  const deadline = Date.now() + OP_DEADLINE_MS;
  for (;;) {
    const r = await send();
    if (!transient(r)) return r;
    if (Date.now() > deadline) return null;
    stats.retries++;
    await sleep(r.status === 503 ? 300 : 100);
  }
}

// ---- the webhook relay -------------------------------------------------------------------------
const connectionIds = {};  // processor -> connection id
let relayRng;
const pendingRelays = new Set();
function forward(processor, headers, body) {
  const at = base;
  if (!at) return Promise.resolve(503);
  const h = {};
  for (const [k, v] of Object.entries(headers))
    if (!['host', 'content-length', 'connection'].includes(k)) h[k] = v;
  return fetch(`${at}/webhooks/processors/${connectionIds[processor]}`,
               { method: 'POST', headers: h, body, signal: AbortSignal.timeout(5000) })
    .then(async (r) => { await r.arrayBuffer(); return r.status; }).catch(() => 502);
}
function startRelay() {
  const srv = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const processor = req.url.replace(/^\//, '');
      const body = Buffer.concat(chunks);
      const late = relayRng.chance(0.2), dup = relayRng.chance(0.2);
      const lateMs = relayRng.int(300, 2500), dupMs = relayRng.int(100, 3000);
      if (late) { stats.webhooksLate++; await sleep(lateMs); }
      const status = await forward(processor, req.headers, body);
      stats.webhooksRelayed++;
      res.writeHead(status >= 200 && status < 300 ? 200 : 503).end();
      if (dup && status >= 200 && status < 300) {
        stats.webhookDuplicates++;
        const p = (async () => {
          await sleep(dupMs);
          for (let i = 0; i < 50; i++) {
            const s = await forward(processor, req.headers, body);
            if (s < 500) return;
            await sleep(200);
          }
        })();
        pendingRelays.add(p);
        p.finally(() => pendingRelays.delete(p));
      }
    });
  });
  return new Promise((r) => srv.listen(0, '127.0.0.1', () => r(srv)));
}

// ---- faults ------------------------------------------------------------------------------------
const sandboxes = {};  // processor -> base URL
async function control(processor, body) {
  const P = PROCESSORS[processor];
  const r = await fetch(sandboxes[processor] + P.control, {
    method: 'POST', headers: { 'Content-Type': 'application/json', ...P.auth }, body: JSON.stringify(body) });
  if (r.status !== 200) throw new Error(`${processor} control ${JSON.stringify(body)}: ${r.status} ${await r.text()}`);
}
let faultsOn = true;
async function faultLoop(r) {
  // Weighted by traffic: the fallback processors see few calls, and a pending fault waits for the
  // next call, so as many faults there would fail nearly every call they get.
  const names = ['TEST_PROCESSOR', 'TEST_PROCESSOR', 'TEST_PROCESSOR', 'STRIPE', 'STRIPE', 'STRIPE', 'ADYEN', 'CHECKOUTCOM'];
  while (faultsOn) {
    await sleep(r.int(200, 800));
    if (!faultsOn) break;
    const p = r.pick(names);
    const kind = r.pick(['fail', 'fail', 'drop', 'drop', 'slow', 'latency']);
    const phase = r.chance(0.5) ? 'before' : 'after';
    const what = kind === 'fail' || kind === 'drop' ? `${kind}-${phase}` : kind;
    bump(stats.faults, what);
    try {
      if (kind === 'fail' || kind === 'drop') {
        // For a while only, like a real outage: a fault nobody's call met by then is withdrawn, so
        // a processor that gets few calls is not left failing every one it gets.
        await control(p, kind === 'fail' ? { failNext: r.int(1, 2), phase } : { dropNext: 1, phase });
        await sleep(r.int(300, 1000));
        await control(p, { failNext: 0, dropNext: 0 });
      } else {
        // Slower than the processor timeout (the answer is lost; the call may still be processed),
        // or merely slow; for a while, then back to normal.
        const ms = kind === 'slow' ? r.int(PROCESSOR_TIMEOUT_MS + 100, PROCESSOR_TIMEOUT_MS * 2) : r.int(50, 400);
        await control(p, { latencyMs: ms });
        await sleep(r.int(200, 1200));
        await control(p, { latencyMs: 0 });
      }
    } catch (e) { log(`fault control failed: ${e.message}`); }
  }
}

// ---- payments ----------------------------------------------------------------------------------
let apiKey;
const records = [];
let done = 0;
const CARD = { number: '4111111111111111', expirationMonth: '12', expirationYear: '2035', cvv: '737',
               cardholderName: 'Chaos Monkey' };
// Insufficient funds at the test processor and Stripe (a soft decline: the route falls back to
// Adyen or Checkout.com, which approve it); expired everywhere (a hard decline: no fallback).
const SOFT_DECLINE_CARD = '4000000000009995', HARD_DECLINE_CARD = '4000000000000069';

// One operation under its own idempotency key; `dup` sends it twice at once.
async function op(rec, kind, method, p, body, dup) {
  const key = `chaos-${SEED}-${rec.i}-${kind}-${rec.ops.length}`;
  const entry = { kind, key, body, answers: [] };
  rec.ops.push(entry);
  bump(stats.ops, kind);
  const one = async () => {
    const r = await untilDefinitive(() => call(method, p, { key, body }));
    entry.answers.push(r ? { status: r.status, id: r.json?.id, paymentStatus: r.json?.status,
                             errorId: r.json?.error?.errorId, replayed: r.replayed } : { status: 'deadline' });
    return r;
  };
  let r;
  if (dup) { stats.concurrentDuplicates++; [r] = await Promise.all([one(), one()]); } else r = await one();
  return r;
}
// Polls the payment until `until` holds (null after `ms`).
async function poll(rec, until, ms = 60000) {
  for (let i = 0; i < ms / 100; i++) {
    const r = await call('GET', `/payments/${rec.id}`);
    if (r.status === 200 && until(r.json)) return r.json;
    await sleep(100);
  }
  return null;
}

async function onePayment(i) {
  const r = rng(SEED * 1000003 + i);
  const orderId = `chaos-${SEED}-${i}`, amount = r.int(1000, 20000);
  const rec = { i, orderId, amount, ops: [] };
  records.push(rec);
  const session = await untilDefinitive(() => call('POST', '/client-session', { body: { orderId, currencyCode: 'EUR', amount } }));
  if (!session || session.status !== 200) { rec.error = `client session: ${session?.status}`; return; }
  const dice = r.next();
  const number = dice < 0.15 ? SOFT_DECLINE_CARD : dice < 0.2 ? HARD_DECLINE_CARD : CARD.number;
  const tok = await untilDefinitive(() => call('POST', '/checkout/tokenize',
                                                { bearer: session.json.clientToken, body: { paymentInstrument: { ...CARD, number } } }));
  if (!tok || tok.status !== 200) { rec.error = `tokenize: ${tok?.status}`; return; }
  const created = await op(rec, 'create', 'POST', '/payments',
                           { paymentMethodToken: tok.json.token, orderId, amount, currencyCode: 'EUR' }, r.chance(0.1));
  if (!created || created.status !== 200) { rec.error = `create: ${created?.status}`; return; }
  rec.id = created.json.id;
  let p = created.json;
  // A cancel while the authorization is unresolved (PENDING): refused with 409, or done.
  if (p.status === 'PENDING' && r.chance(0.3)) {
    await op(rec, 'cancel', 'POST', `/payments/${rec.id}/cancel`, { reason: 'chaos: cancelled while pending' }, false);
  }
  // The sweep's inquiries back off up to a minute apart (docs/reliability.md) while faults go on.
  p = await poll(rec, (x) => x.status !== 'PENDING', 240000);
  if (!p) { rec.error = 'still PENDING'; return; }
  if (p.status !== 'AUTHORIZED') return;
  const choice = r.next();
  if (choice < 0.2) {
    await op(rec, 'cancel', 'POST', `/payments/${rec.id}/cancel`, { reason: 'chaos' }, r.chance(0.1));
    return;
  }
  if (choice < 0.3) return;  // left authorized
  const partial = r.chance(0.3);
  const captureAmount = partial ? r.int(1, amount - 1) : amount;
  const cap = await op(rec, 'capture', 'POST', `/payments/${rec.id}/capture`,
                       partial ? { amount: captureAmount, final: true } : {}, r.chance(0.1));
  if (!cap || cap.status !== 200) return;
  p = await poll(rec, (x) => ['SETTLED', 'PARTIALLY_SETTLED', 'SETTLING'].includes(x.status) &&
                             !(x.transactions || []).some((t) => t.status === 'PENDING'), 15000);
  // Not captured after all (a capture whose call the processor never received is FAILED).
  if (!p || !r.chance(0.5)) return;
  const captured = p.processor?.amountCaptured || 0;
  if (captured <= 0) return;
  const refunds = r.chance(0.3) ? 2 : 1;
  for (let k = 0; k < refunds; k++) {
    const full = refunds === 1 && r.chance(0.5);
    const body = full ? { reason: 'chaos' } : { amount: r.int(1, Math.max(1, Math.floor(captured / 2))), reason: 'chaos' };
    await op(rec, 'refund', 'POST', `/payments/${rec.id}/refund`, body, r.chance(0.1));
  }
}

// ---- the invariants ----------------------------------------------------------------------------
function sql(q) {
  return execFileSync('sqlite3', ['-readonly', '-separator', '\t', path.join(TMP, 'data', 'switchyard.db'), q],
                      { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map((l) => l.split('\t'));
}
async function ledgers() {
  const out = {};
  for (const [name, P] of Object.entries(PROCESSORS)) {
    const r = await fetch(sandboxes[name] + P.ledger, { headers: P.auth });
    out[name] = await r.json();
  }
  return out;
}
// One row per processor-side payment: id, whether it was ever charged, captured, refunded, released.
function ledgerRows(name, l) {
  switch (name) {
    case 'TEST_PROCESSOR':
      return l.payments.map((p) => ({ id: p.id, ref: p.reference, charged: p.authorized > 0, captured: p.captured,
                                      refunded: p.refunded, released: p.status === 'voided' }));
    case 'STRIPE':
      return l.payment_intents.map((p) => ({ id: p.id, ref: p.description, charged: p.authorized > 0, captured: p.captured, refunded: p.refunded,
                                             released: p.status === 'canceled' }));
    case 'ADYEN':
      return l.payments.map((p) => ({ id: p.pspReference, ref: p.reference, charged: p.resultCode === 'Authorised', captured: p.captured,
                                      refunded: p.refunded, released: !!p.cancelled }));
    case 'CHECKOUTCOM':
      return l.payments.map((p) => ({ id: p.id, charged: !!p.approved, captured: p.captured, refunded: p.refunded,
                                      released: (p.voided || 0) > 0 || p.status === 'Voided' }));
  }
  return [];
}
const FINAL = new Set(['AUTHORIZED', 'SETTLED', 'PARTIALLY_SETTLED', 'DECLINED', 'FAILED', 'CANCELLED']);
const HOLDS = new Set(['AUTHORIZED', 'SETTLING', 'SETTLED', 'PARTIALLY_SETTLED']);

async function checkInvariants() {
  const violations = [];
  const v = (inv, m) => violations.push(`[${inv}] ${m}`);
  // Every payment of this run, as the API shows it.
  const rows = sql(`SELECT id, order_id FROM payments WHERE order_id LIKE 'chaos-${SEED}-%'`);
  const byOrder = new Map();
  for (const [id, orderId] of rows) { if (!byOrder.has(orderId)) byOrder.set(orderId, []); byOrder.get(orderId).push(id); }
  const payments = new Map();
  for (const [id] of rows) {
    const r = await untilDefinitive(() => call('GET', `/payments/${id}`));
    if (r?.status === 200) payments.set(id, r.json); else v('state', `${id}: GET answered ${r?.status}`);
  }
  const unresolved = Number(sql(`SELECT count(*) FROM payments WHERE unresolved = 1 AND order_id LIKE 'chaos-${SEED}-%'`)[0][0]);
  // 1. Legal final (or resolvable) states.
  const statuses = {};
  for (const p of payments.values()) {
    bump(statuses, p.status);
    if (!FINAL.has(p.status)) v('state', `${p.id} (${p.orderId}) ends ${p.status}`);
    const cap = p.processor?.amountCaptured || 0, ref = p.processor?.amountRefunded || 0;
    if (cap > p.amount || ref > cap) v('state', `${p.id}: captured ${cap}, refunded ${ref} of ${p.amount}`);
    for (const t of p.transactions || [])
      if (t.status === 'PENDING') v('state', `${p.id}: ${t.type} transaction ${t.id} still PENDING`);
  }
  if (unresolved) v('state', `${unresolved} payment(s) still have an unresolved processor call`);
  // 4 (first half). One payment per create key, and every answer to a key names it.
  for (const rec of records) {
    const ids = byOrder.get(rec.orderId) || [];
    if (rec.ops.length && ids.length > 1) v('idempotency', `${rec.orderId}: ${ids.length} payments for one create key`);
    for (const o of rec.ops) {
      const okIds = new Set(o.answers.filter((a) => a.status === 200).map((a) => a.id));
      if (okIds.size > 1) v('idempotency', `${o.key}: answered with payments ${[...okIds].join(', ')}`);
      if (o.answers.some((a) => a.status === 'deadline')) v('state', `${o.key}: no definitive answer in ${OP_DEADLINE_MS} ms`);
    }
    if (rec.error) v('state', `${rec.orderId}: ${rec.error}`);
  }
  // 2 and 3. Against each processor's ledger: every charge maps to a transaction Switchyard
  // recorded; per processor payment, Switchyard's captured/refunded equal the processor's.
  const L = await ledgers();
  fs.writeFileSync(path.join(TMP, 'ledgers.json'), JSON.stringify(L, null, 1));
  fs.writeFileSync(path.join(TMP, 'payments.json'), JSON.stringify([...payments.values()], null, 1));
  fs.writeFileSync(path.join(TMP, 'records.json'), JSON.stringify(records, null, 1));
  const saleByProcessorId = new Map();  // processorTransactionId -> {payment, tx, active}
  const runPayments = [...payments.values()];
  for (const p of runPayments) {
    const sales = (p.transactions || []).filter((t) => t.type === 'SALE');
    sales.forEach((t, k) => { if (t.processorTransactionId) saleByProcessorId.set(t.processorTransactionId, { p, t, active: k === sales.length - 1 }); });
  }
  const totals = {};
  for (const name of Object.keys(PROCESSORS)) {
    const T = (totals[name] = { charges: 0, ledgerCaptured: 0, ledgerRefunded: 0, syCaptured: 0, syRefunded: 0, unknown: 0, autoReleased: 0 });
    for (const row of ledgerRows(name, L[name])) {
      if (!row.charged) continue;
      const known = saleByProcessorId.get(row.id);
      if (!known) { T.unknown++; v('unknown-charge', `${name} ${row.id} (reference ${row.ref}): charged at the processor, unknown to Switchyard`); continue; }
      T.charges++;
      T.ledgerCaptured += row.captured; T.ledgerRefunded += row.refunded;
      const { p, active } = known;
      const wanted = active && HOLDS.has(p.status);
      if (wanted) {
        if (p.processor?.name !== name) v('ledger', `${p.id}: active sale at ${name}, payment says ${p.processor?.name}`);
        if ((p.processor?.amountCaptured || 0) !== row.captured)
          v('ledger', `${p.id} at ${name} ${row.id}: Switchyard captured ${p.processor?.amountCaptured}, processor ${row.captured}`);
        if ((p.processor?.amountRefunded || 0) !== row.refunded)
          v('ledger', `${p.id} at ${name} ${row.id}: Switchyard refunded ${p.processor?.amountRefunded}, processor ${row.refunded}`);
      } else if (row.captured - row.refunded > 0 || (!row.released && row.captured === 0)) {
        v('unwanted-charge', `${name} ${row.id} of ${p.id} (${p.status}${active ? '' : ', not the active attempt'}): ` +
                             `the processor still holds it (captured ${row.captured}, refunded ${row.refunded}, released ${row.released})`);
      } else {
        T.autoReleased++;
      }
    }
    for (const p of runPayments) {
      if (p.processor?.name !== name || !HOLDS.has(p.status)) continue;
      T.syCaptured += p.processor.amountCaptured || 0; T.syRefunded += p.processor.amountRefunded || 0;
      const sales = (p.transactions || []).filter((t) => t.type === 'SALE');
      const active = sales[sales.length - 1];
      if (!active?.processorTransactionId || !ledgerRows(name, L[name]).some((r) => r.id === active.processorTransactionId && r.charged))
        v('ledger', `${p.id} ${p.status} at ${name}: no charge ${active?.processorTransactionId} in the processor's ledger`);
    }
    if (T.ledgerCaptured !== T.syCaptured) v('ledger', `${name}: captured ${T.syCaptured} at Switchyard, ${T.ledgerCaptured} at the processor`);
    if (T.ledgerRefunded !== T.syRefunded) v('ledger', `${name}: refunded ${T.syRefunded} at Switchyard, ${T.ledgerRefunded} at the processor`);
  }
  // 4 (second half). No idempotent request executed twice: a payment has no more refunds than
  // refund keys sent for it (the per-payment ledger comparison above catches a capture or refund
  // executed twice at the processor).
  for (const rec of records) {
    const p = rec.id && payments.get(rec.id);
    if (!p) continue;
    const refundKeys = rec.ops.filter((o) => o.kind === 'refund').length;
    const refundTxs = (p.transactions || []).filter((t) => t.type === 'REFUND' && t.status === 'SETTLED').length;
    if (refundTxs > refundKeys) v('idempotency', `${p.id}: ${refundTxs} refunds for ${refundKeys} refund keys`);
  }
  return { violations, statuses, totals, payments: payments.size };
}

// ---- main --------------------------------------------------------------------------------------
async function main() {
  const started = Date.now();
  log(`${PAYMENTS} payments, ${WORKERS} workers, ${KILLS} kills; work dir ${TMP}`);
  relayRng = rng(SEED * 7 + 1);
  const relay = await startRelay();
  const relayUrl = `http://127.0.0.1:${relay.address().port}`;
  // 1. The emulators, in a process of their own.
  const sbOut = path.join(TMP, 'sandbox.out');
  const sb = spawn(BIN, ['sandbox', '--listen', '127.0.0.1:0', '--webhooks-to', relayUrl],
                   { env, stdio: ['ignore', fs.openSync(sbOut, 'w'), fs.openSync(path.join(TMP, 'sandbox.log'), 'w')] });
  children.add(sb);
  for (let i = 0; i < 200 && Object.keys(sandboxes).length < 5; i++) {
    await sleep(25);
    for (const m of fs.readFileSync(sbOut, 'utf8').matchAll(/^(\w+) sandbox listening on (\S+)$/gm)) sandboxes[m[1]] = m[2];
  }
  for (const name of Object.keys(PROCESSORS)) if (!sandboxes[name]) throw new Error(`no ${name} sandbox`);
  // 2. Merchant, connections, workflow.
  fs.mkdirSync(path.join(TMP, 'data'), { recursive: true });
  const merchant = cli('merchant', 'create', '--name', `Chaos ${SEED}`);
  apiKey = cli('key', 'create', '--merchant', merchant);
  for (const [name, P] of Object.entries(PROCESSORS)) {
    const out = cli('connection', 'create', '--merchant', merchant, '--processor', name, '--name', P.name,
                    '--base-url', sandboxes[name], '--credentials', JSON.stringify(P.credentials),
                    ...(name === 'TEST_PROCESSOR' ? [] : ['--not-default']));
    connectionIds[name] = out.split(/\s+/)[0];
  }
  const wf = path.join(TMP, 'workflow.json');
  fs.writeFileSync(wf, JSON.stringify(WORKFLOW));
  cli('workflow', 'publish', '--merchant', merchant, '--file', wf);
  // 3. The server.
  await startServer();
  log(`server ${base}, sandboxes ${JSON.stringify(sandboxes)}, relay ${relayUrl}`);
  // 4 and 5. Load, faults, kills.
  const faults = faultLoop(rng(SEED * 31 + 7));
  const killRng = rng(SEED * 131 + 3);
  const killAt = Array.from({ length: KILLS }, (_, k) =>
    Math.floor(((k + 0.5 + (killRng.next() - 0.5) * 0.8) / KILLS) * PAYMENTS * 0.9)).sort((a, b) => a - b);
  let next = 0;
  let killing = Promise.resolve();
  const workers = Array.from({ length: WORKERS }, async () => {
    while (next < PAYMENTS) {
      const i = next++;
      await onePayment(i);
      done++;
      while (killAt.length && done >= killAt[0]) {
        killAt.shift();
        killing = killing.then(async () => {
          await sleep(killRng.int(0, 300));  // a moment later: calls are in flight
          await killServer();
          stats.kills++;
          log(`kill -9 after ${done} payments (kill ${stats.kills})`);
          await sleep(killRng.int(50, 500));
          await startServer();
        });
      }
      if (done % 100 === 0) log(`${done} payments done`);
    }
  });
  await Promise.all(workers);
  await killing;
  faultsOn = false;
  await faults;
  for (const name of Object.keys(PROCESSORS)) await control(name, { reset: true });
  // 6. Settle: no unresolved call, no payment PENDING, no transaction waiting for a webhook.
  log('load done; faults off; waiting for the sweep and the webhooks to settle');
  await Promise.all([...pendingRelays]);
  for (let i = 0; i < 480; i++) {
    // A settled payment can still have a refund waiting for its processor's webhook (which the
    // relay may be holding back): wait for the transactions too, not only the payments.
    const n = Number(sql(`SELECT count(*) FROM payments WHERE order_id LIKE 'chaos-${SEED}-%'
                          AND (unresolved = 1 OR status IN ('PENDING', 'SETTLING')
                               OR EXISTS (SELECT 1 FROM transactions t
                                          WHERE t.payment_id = payments.id AND t.status = 'PENDING'))`)[0][0]);
    if (n === 0) break;
    await sleep(500);
  }
  const res = await checkInvariants();
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(JSON.stringify({ seed: SEED, payments: res.payments, seconds: Number(seconds), statuses: res.statuses,
                               kills: stats.kills, faults: stats.faults, ops: stats.ops,
                               concurrentDuplicates: stats.concurrentDuplicates, requests: stats.requests,
                               retries: stats.retries, httpStatuses: stats.byStatus,
                               webhooks: { relayed: stats.webhooksRelayed, late: stats.webhooksLate, duplicated: stats.webhookDuplicates },
                               processors: res.totals }, null, 1));
  const inv = (name, desc) => {
    const n = res.violations.filter((x) => x.startsWith(`[${name}`)).length;
    console.log(`  ${n === 0 ? 'OK  ' : 'FAIL'} ${desc}${n ? ` (${n} violation(s))` : ''}`);
  };
  console.log(`invariants (seed ${SEED}, ${res.payments} payments, ${stats.kills} kills, ${seconds} s):`);
  inv('state', 'every payment in a legal final state, no call unresolved, no transaction PENDING');
  inv('ledger', 'per processor, Switchyard captured and refunded = the processor ledger (totals and per payment)');
  inv('unknown-charge', 'no processor charge unknown to Switchyard');
  inv('unwanted-charge', 'no charge held for a payment that does not want it (declined/failed/cancelled, or a superseded attempt)');
  inv('idempotency', 'no idempotent request executed twice');
  for (const x of res.violations.slice(0, 40)) console.log(`    ${x}`);
  if (res.violations.length) {
    console.log(`chaos: FAILED with ${res.violations.length} violation(s); reproduce with --seed ${SEED} --payments ${PAYMENTS} --kills ${KILLS}; kept ${TMP}`);
    return 1;
  }
  console.log(`chaos: PASSED (seed ${SEED})`);
  return 0;
}

main().then((rc) => finish(rc), (e) => { console.error(e); finish(2); });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => finish(130));  // no orphaned emulators
function finish(rc) {
  for (const c of children) c.kill('SIGKILL');
  if (rc === 0 && !A.keep) fs.rmSync(TMP, { recursive: true, force: true });
  process.exit(rc);
}
