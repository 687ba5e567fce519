'use strict';
// A tiny HTTP client for the steps. Every response is recorded as `world.last` and checked:
//   1. against the Primer v2.4 contract (support/contract.js),
//   2. it carries an X-Request-Id header, and an error body's diagnosticsId equals it,
//   3. it never contains a card number or CVV the scenario has sent.
// A failed check throws, which fails the step and so the scenario.

const { sharedValidator } = require('./contract');

const DEFAULT_TIMEOUT_MS = 15_000;

function headersToObject(headers) {
  const out = {};
  headers.forEach((value, key) => {
    out[key.toLowerCase()] = value;
  });
  return out;
}

// Walks a parsed JSON value: calls fn(key, value) for every property and array element.
function walk(value, fn, key = null) {
  fn(key, value);
  if (Array.isArray(value)) value.forEach((v, i) => walk(v, fn, i));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, fn, k);
}

const CARD_SECRET_KEYS = /^(cvv|cvc|cvv2|cvc2|securitycode|cardnumber|pan)$/i;

function checkNoCardData(world, rec) {
  for (const pan of world.pans) {
    if (rec.text.includes(pan)) {
      throw new Error(`${rec.method} ${rec.path} → ${rec.status}: response contains the full card number ${pan.slice(0, 6)}…${pan.slice(-4)}`);
    }
  }
  if (rec.body === undefined) return;
  walk(rec.body, (key, value) => {
    if (typeof key === 'string' && CARD_SECRET_KEYS.test(key)) {
      throw new Error(`${rec.method} ${rec.path} → ${rec.status}: response has a "${key}" field (card secrets must never be returned)`);
    }
    if (typeof value === 'string' && world.cvvs.has(value)) {
      throw new Error(`${rec.method} ${rec.path} → ${rec.status}: response contains the CVV as a value (key "${key}")`);
    }
  });
}

/**
 * Sends one request and records it.
 * opts: body (object, sent as JSON) | raw (string, sent as is); headers (extra, override);
 *       apiKey (string; null = no X-Api-Key; default world.apiKey); bearer (Authorization: Bearer);
 *       apiVersion (default '2.4'; null = no header); idempotencyKey; record (default true).
 */
async function request(world, method, path, opts = {}) {
  if (!world.server || !world.server.baseUrl) throw new Error('no server is running for this scenario');
  const headers = { Accept: 'application/json' };
  const apiKey = opts.apiKey === undefined ? world.apiKey : opts.apiKey;
  if (apiKey !== null && apiKey !== undefined && !opts.bearer) headers['X-Api-Key'] = apiKey;
  if (opts.bearer) headers.Authorization = `Bearer ${opts.bearer}`;
  const apiVersion = opts.apiVersion === undefined ? '2.4' : opts.apiVersion;
  if (apiVersion !== null) headers['X-Api-Version'] = apiVersion;
  if (opts.idempotencyKey) headers['X-Idempotency-Key'] = opts.idempotencyKey;
  let payload;
  if (opts.raw !== undefined) payload = opts.raw;
  else if (opts.body !== undefined) payload = JSON.stringify(opts.body);
  if (payload !== undefined) headers['Content-Type'] = 'application/json';
  Object.assign(headers, opts.headers || {});
  for (const [k, v] of Object.entries(headers)) if (v === null) delete headers[k];

  const url = world.server.baseUrl + path;
  const started = Date.now();
  let res;
  try {
    res = await fetch(url, {
      method,
      headers,
      body: payload,
      signal: AbortSignal.timeout(opts.timeoutMs || DEFAULT_TIMEOUT_MS),
    });
  } catch (e) {
    const cause = e.cause ? ` (${e.cause.code || e.cause.message})` : '';
    throw new Error(`${method} ${path}: no HTTP response: ${e.message}${cause}`);
  }
  const text = await res.text();
  const rec = {
    method,
    path,
    status: res.status,
    headers: headersToObject(res.headers),
    text,
    body: undefined,
    ms: Date.now() - started,
  };
  try {
    rec.body = JSON.parse(text);
  } catch {
    /* the contract check reports non-JSON bodies */
  }
  if (opts.record !== false) world.last = rec;
  world.responses.push(rec);

  sharedValidator().assertResponse({
    method,
    path,
    status: rec.status,
    contentType: rec.headers['content-type'] || '',
    text,
  });
  const requestId = rec.headers['x-request-id'];
  if (!requestId) throw new Error(`${method} ${path} → ${rec.status}: response has no X-Request-Id header`);
  if (rec.status >= 400 && rec.body && rec.body.error && rec.body.error.diagnosticsId !== requestId) {
    throw new Error(`${method} ${path} → ${rec.status}: error.diagnosticsId "${rec.body.error.diagnosticsId}" differs from X-Request-Id "${requestId}"`);
  }
  checkNoCardData(world, rec);
  return rec;
}

module.exports = { request, walk };
