#!/usr/bin/env node
// Contract check for the Stripe connector and emulator: validates every recorded wire body in
// src/connectors/stripe/testdata/ against Stripe's published OpenAPI spec
// (../shared/specs/stripe/stripe-api-2023-08-16.spec3.json).
//
//   node src/connectors/stripe/contract_check.js [specPath] [testdataDir]
//
// File names say what each file is:
//   <operation>.request[.<variant>].json          {"method","path","headers","body"|"query"}
//   <operation>.response.<status>[.<variant>].json the JSON body answered with HTTP <status>
//   webhooks/<event type>[.<variant>].json         a webhook event body (the spec's `event`)
// Requests: headers must carry Stripe-Version 2023-08-16 (+ Idempotency-Key and the form content
// type on POST); the form body (or query) is decoded per deepObject (a[b][c]=v -> {a:{b:{c:v}}},
// a[0]=v -> {a:[v]}) and validated against the operation's application/x-www-form-urlencoded
// requestBody schema (or its query parameters), digit strings coerced where the spec says integer.
// Responses: 200 against responses["200"], any other status against responses["default"] (the
// error envelope).
//
// One documented overlay: the public spec does not describe raw card data in
// payment_method_data (payment_method_data[type]=card with [card][number|exp_month|exp_year|cvc]
// is Stripe's gated "raw card data APIs" feature for PCI-compliant accounts). The overlay adds
// exactly that to POST /v1/payment_intents and nothing else.
'use strict';
const fs = require('fs');
const path = require('path');
const nm = path.resolve(__dirname, '../../../features/node_modules');
const Ajv = require(require.resolve('ajv', { paths: [nm] }));

const specPath = process.argv[2] ||
  path.resolve(__dirname, '../../../../shared/specs/stripe/stripe-api-2023-08-16.spec3.json');
const dataDir = process.argv[3] || path.resolve(__dirname, 'testdata');

const OPERATIONS = {
  create_payment_intent: ['post', '/v1/payment_intents'],
  retrieve_payment_intent: ['get', '/v1/payment_intents/{intent}'],
  capture_payment_intent: ['post', '/v1/payment_intents/{intent}/capture'],
  cancel_payment_intent: ['post', '/v1/payment_intents/{intent}/cancel'],
  search_payment_intents: ['get', '/v1/payment_intents/search'],
  create_refund: ['post', '/v1/refunds'],
  list_refunds: ['get', '/v1/refunds'],
};

// OpenAPI 3.0 `nullable` -> JSON Schema.
function convertNullable(node) {
  if (Array.isArray(node)) { node.forEach(convertNullable); return; }
  if (!node || typeof node !== 'object') return;
  for (const v of Object.values(node)) convertNullable(v);
  if (node.nullable === true) {
    delete node.nullable;
    if (typeof node.type === 'string') {
      node.type = [node.type, 'null'];
      if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum.push(null);
    } else if (Array.isArray(node.anyOf)) {
      node.anyOf.push({ type: 'null' });
    } else if (node.$ref) {
      node.anyOf = [{ $ref: node.$ref }, { type: 'null' }];
      delete node.$ref;
    }
  } else if (node.nullable === false) {
    delete node.nullable;
  }
}

const spec = JSON.parse(fs.readFileSync(specPath, 'utf8'));
// The raw-card overlay (see above).
{
  const s = spec.paths['/v1/payment_intents'].post.requestBody
    .content['application/x-www-form-urlencoded'].schema;
  const pmd = s.properties.payment_method_data;
  pmd.properties.type.enum.push('card');
  pmd.properties.card = {
    type: 'object', additionalProperties: false, required: ['number', 'exp_month', 'exp_year'],
    properties: {
      number: { type: 'string', maxLength: 19 }, exp_month: { type: 'integer' },
      exp_year: { type: 'integer' }, cvc: { type: 'string', maxLength: 4 },
    },
  };
}
convertNullable(spec);
spec.$id = 'stripe.json';

const opts = { strict: false, allErrors: true, validateFormats: false };
const ajv = new Ajv(opts);
const coercing = new Ajv({ ...opts, coerceTypes: 'array' });
ajv.addSchema(spec);
coercing.addSchema(spec);
const ptr = (...parts) => 'stripe.json#/' + parts.map(p => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

function decodeForm(text) {
  const out = {};
  if (!text) return out;
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const dec = s => decodeURIComponent(s.replace(/\+/g, ' '));
    const key = dec(eq < 0 ? pair : pair.slice(0, eq));
    const value = dec(eq < 0 ? '' : pair.slice(eq + 1));
    const m = key.match(/^([^[\]]+)((?:\[[^[\]]*\])*)$/);
    if (!m) throw new Error('malformed deepObject key: ' + key);
    const parts = [m[1], ...[...m[2].matchAll(/\[([^[\]]*)\]/g)].map(x => x[1])];
    let cur = out;
    for (let i = 0; i < parts.length; i++) {
      const last = i === parts.length - 1;
      const p = parts[i];
      const nextIsIndex = !last && /^\d+$/.test(parts[i + 1]);
      if (last) { cur[p] = value; break; }
      if (cur[p] === undefined) cur[p] = nextIsIndex ? [] : {};
      cur = cur[p];
    }
  }
  return out;
}

const failures = [];
let checked = 0;
const fail = (file, msg) => failures.push(`${file}: ${msg}`);
const fmt = errs => (errs || []).slice(0, 8).map(e => `${e.instancePath || '/'} ${e.message}` +
  (e.params && e.params.additionalProperty ? ` (${e.params.additionalProperty})` : '') +
  (e.params && e.params.allowedValues ? ` ${JSON.stringify(e.params.allowedValues)}` : '')).join('; ');

const files = fs.readdirSync(dataDir).filter(f => f.endsWith('.json')).sort();
for (const file of files) {
  const parts = file.slice(0, -5).split('.');
  const [opName, kind] = parts;
  const op = OPERATIONS[opName];
  if (!op) { fail(file, `unknown operation "${opName}"`); continue; }
  const [method, p] = op;
  const operation = spec.paths[p] && spec.paths[p][method];
  if (!operation) { fail(file, `spec has no ${method.toUpperCase()} ${p}`); continue; }
  let doc;
  try { doc = JSON.parse(fs.readFileSync(path.join(dataDir, file), 'utf8')); } catch (e) {
    fail(file, 'not JSON: ' + e.message); continue;
  }
  checked++;
  if (kind === 'request') {
    if ((doc.method || '').toLowerCase() !== method) fail(file, `method ${doc.method} != ${method}`);
    const re = new RegExp('^' + p.replace(/\{[^}]+\}/g, '[^/]+') + '$');
    if (!re.test(doc.path || '')) fail(file, `path ${doc.path} does not match ${p}`);
    const h = doc.headers || {};
    if (h['Stripe-Version'] !== '2023-08-16') fail(file, 'Stripe-Version header must be 2023-08-16');
    if (!/^Bearer sk_test_/.test(h.Authorization || '')) fail(file, 'Authorization must be Bearer sk_test_...');
    if (method === 'post') {
      if (!h['Idempotency-Key']) fail(file, 'POST without Idempotency-Key');
      if (h['Content-Type'] !== 'application/x-www-form-urlencoded') fail(file, 'POST content type must be form');
      const schemaRef = ptr('paths', p, method, 'requestBody', 'content', 'application/x-www-form-urlencoded', 'schema');
      let body;
      try { body = decodeForm(doc.body || ''); } catch (e) { fail(file, e.message); continue; }
      const validate = coercing.getSchema(schemaRef);
      if (!validate(body)) fail(file, 'request body: ' + fmt(validate.errors));
    } else {
      let query;
      try { query = decodeForm(doc.query || ''); } catch (e) { fail(file, e.message); continue; }
      const params = (operation.parameters || []).filter(x => x.in === 'query');
      for (const [name, value] of Object.entries(query)) {
        const i = params.findIndex(x => x.name === name);
        if (i < 0) { fail(file, `unknown query parameter ${name}`); continue; }
        const v = coercing.getSchema(ptr('paths', p, method, 'parameters', operation.parameters.indexOf(params[i]), 'schema'));
        const holder = { value };
        const wrapped = coercing.compile({ type: 'object', properties: { value: v.schema } });
        if (!wrapped(holder)) fail(file, `query ${name}: ` + fmt(wrapped.errors));
      }
      for (const x of params) if (x.required && !(x.name in query)) fail(file, `missing required query ${x.name}`);
    }
  } else if (kind === 'response') {
    const status = parts[2];
    if (!/^\d{3}$/.test(status || '')) { fail(file, 'response file needs a status: <op>.response.<status>.json'); continue; }
    const key = operation.responses[status] ? status : 'default';
    const validate = ajv.getSchema(ptr('paths', p, method, 'responses', key, 'content', 'application/json', 'schema'));
    if (!validate(doc)) fail(file, `response ${status}: ` + fmt(validate.errors));
    if (status !== '200' && (!doc.error || !doc.error.type)) fail(file, 'error answers need {"error":{"type"...}}');
  } else {
    fail(file, `second name part must be "request" or "response", got "${kind}"`);
  }
}

// Recorded webhook events (testdata/webhooks/): the spec's `event`, and its data.object against the
// schema of the object it names (payment_intent, refund, dispute, charge).
const hookDir = path.join(dataDir, 'webhooks');
const hooks = fs.existsSync(hookDir) ? fs.readdirSync(hookDir).filter(f => f.endsWith('.json')).sort() : [];
for (const file of hooks) {
  const name = 'webhooks/' + file;
  let doc;
  try { doc = JSON.parse(fs.readFileSync(path.join(hookDir, file), 'utf8')); } catch (e) {
    fail(name, 'not JSON: ' + e.message); continue;
  }
  checked++;
  const event = ajv.getSchema(ptr('components', 'schemas', 'event'));
  if (!event(doc)) fail(name, 'event: ' + fmt(event.errors));
  const object = doc.data && doc.data.object;
  const objectSchema = object && spec.components.schemas[object.object];
  if (!objectSchema) { fail(name, 'data.object names no schema of the spec'); continue; }
  const validate = ajv.getSchema(ptr('components', 'schemas', object.object));
  if (!validate(object)) fail(name, `data.object (${object.object}): ` + fmt(validate.errors));
  if (!(doc.type || '').startsWith(object.object === 'dispute' ? 'charge.dispute.' : object.object + '.') &&
      !(object.object === 'refund' && doc.type === 'charge.refund.updated'))
    fail(name, `type ${doc.type} does not carry a ${object.object}`);
}

if (checked === 0) failures.push('no testdata files found in ' + dataDir);
for (const f of failures) console.error('FAIL ' + f);
console.log(`${checked} files checked, ${failures.length} failures`);
process.exit(failures.length ? 1 : 0);
