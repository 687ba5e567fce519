#!/usr/bin/env node
// Contract check: validates every recorded request/response body in testdata/ against Checkout.com's
// bundled OpenAPI 3 spec (../shared/specs/checkoutcom/checkoutcom-nas.openapi.json).
//
// File names: <operation>[_<variant>].request.json or <operation>[_<variant>].response.<status>.json,
// operation one of authorize, capture, void, refund, payment (GET /payments/{id}), actions
// (GET /payments/{id}/actions). Extra files can be passed on the command line (the e2e tests dump
// the emulator's live bodies the same way when SY_CONTRACT_DUMP_DIR is set).
// Webhook bodies in testdata/webhooks/ are checked against the spec's EventObject; the spec models
// only payment events' `data`, so dispute_* events (Checkout.com's dispute webhook shape) are
// listed as not covered.
//
// OpenAPI's discriminator `mapping` without oneOf (how this spec models payment sources) is turned
// into if/then branches so that a card source is validated against the card schema.
//
//   node src/connectors/checkoutcom/contract_check.js [dir-or-file...]
'use strict';
const fs = require('fs');
const path = require('path');

// The features' npm modules of this checkout (features/node_modules), as the other connectors' checks.
const nodeModules = path.resolve(__dirname, '../../../features/node_modules');
const Ajv = require(require.resolve('ajv', { paths: [nodeModules] }));
const addFormats = require(require.resolve('ajv-formats', { paths: [nodeModules] }));

const specPath = path.resolve(__dirname, '../../../../shared/specs/checkoutcom/checkoutcom-nas.openapi.json');
const spec = JSON.parse(fs.readFileSync(specPath, 'utf8'));
const schemas = spec.components.schemas;

// Non-standard types in the bundle ("datetime", "long", "Enum") are read as what they mean, and oneOf is read as
// anyOf: several of the spec's alternatives (PaymentAcceptedResponse / PayoutAcceptedResponse)
// accept the same bodies, so "exactly one" can never hold for them.
(function normalize(node) {
  if (Array.isArray(node)) return node.forEach(normalize);
  if (!node || typeof node !== 'object') return;
  if (node.type === 'datetime' || node.type === 'date-time') { node.type = 'string'; node.format = 'date-time'; }
  if (node.type === 'long') node.type = 'integer';
  if (typeof node.required === 'boolean' && node.type) delete node.required;  // Swagger-2 style flag
  if (node.type === 'Enum') node.type = 'string';
  if (node.oneOf && !node.anyOf) { node.anyOf = node.oneOf; delete node.oneOf; }
  for (const [k, v] of Object.entries(node)) if (k !== 'example' && k !== 'examples') normalize(v);
})(spec);

// Discriminators: for base B with mapping {v: #/components/schemas/S}, validating B also validates S
// when type == v. S refers back to B through allOf; those references go to a copy of B without the
// discriminator, so that validation terminates.
for (const [name, schema] of Object.entries({ ...schemas })) {
  const d = schema.discriminator;
  if (!d || !d.mapping || schema.anyOf) continue;
  const plain = JSON.parse(JSON.stringify(schema));
  delete plain.discriminator;
  const plainName = `__plain_${name}`;
  schemas[plainName] = plain;
  const baseRef = `#/components/schemas/${name}`;
  const branches = [];
  for (const [value, target] of Object.entries(d.mapping)) {
    const targetName = target.split('/').pop();
    const t = schemas[targetName];
    if (!t) continue;  // the bundle maps some source types to schemas it does not contain
    if (t && Array.isArray(t.allOf)) {
      for (const part of t.allOf) if (part.$ref === baseRef) part.$ref = `#/components/schemas/${plainName}`;
    }
    branches.push({ if: { properties: { [d.propertyName]: { const: value } }, required: [d.propertyName] }, then: { $ref: target } });
  }
  delete schema.discriminator;
  schema.allOf = (schema.allOf || []).concat(branches);
}

const ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateFormats: true });
addFormats(ajv);
spec.$id = 'cko';
ajv.addSchema(spec, 'cko');

const operations = {
  authorize: ['post', '/payments'],
  capture: ['post', '/payments/{id}/captures'],
  void: ['post', '/payments/{id}/voids'],
  refund: ['post', '/payments/{id}/refunds'],
  payment: ['get', '/payments/{id}'],
  actions: ['get', '/payments/{id}/actions'],
};

const ptr = (s) => s.replace(/~/g, '~0').replace(/\//g, '~1');

function schemaRef(file) {
  const base = path.basename(file);
  const m = base.match(/^([a-z]+)(?:_[A-Za-z0-9_-]+)?\.(request|response)(?:\.(\d{3}))?\.json$/);
  if (!m) throw new Error(`${base}: name is not <operation>[_variant].request.json or .response.<status>.json`);
  const [, op, kind, status] = m;
  const route = operations[op];
  if (!route) throw new Error(`${base}: unknown operation "${op}"`);
  const [method, p] = route;
  const o = spec.paths[p][method];
  if (kind === 'request') {
    if (!o.requestBody) throw new Error(`${base}: ${method.toUpperCase()} ${p} takes no body`);
    return `cko#/paths/${ptr(p)}/${method}/requestBody/content/application~1json/schema`;
  }
  if (!status) throw new Error(`${base}: a response needs its status in the name`);
  const r = o.responses[status];
  if (!r) throw new Error(`${base}: ${method.toUpperCase()} ${p} documents no ${status} response`);
  if (!r.content) return null;  // documented without a body: the file must be empty
  return `cko#/paths/${ptr(p)}/${method}/responses/${status}/content/application~1json/schema`;
}

function collect(args) {
  const files = [];
  const roots = args.length ? args
                            : [path.join(__dirname, 'testdata'), path.join(__dirname, 'testdata', 'webhooks')];
  for (const root of roots) {
    if (fs.statSync(root).isDirectory()) {
      for (const f of fs.readdirSync(root).sort()) if (f.endsWith('.json')) files.push(path.join(root, f));
    } else {
      files.push(root);
    }
  }
  return files;
}

let failed = 0;
let notCovered = 0;
const files = collect(process.argv.slice(2));
for (const file of files) {
  try {
    const webhook = path.basename(path.dirname(file)) === 'webhooks';
    if (webhook && path.basename(file).startsWith('dispute_')) {
      console.log(`n/a  webhooks/${path.basename(file)} (the spec has no dispute event schema)`);
      notCovered++;
      continue;
    }
    const ref = webhook ? 'cko#/components/schemas/EventObject' : schemaRef(file);
    const text = fs.readFileSync(file, 'utf8');
    if (ref === null) {
      if (text.trim() !== '') throw new Error('documented without a body, but the file has one');
      console.log(`ok   ${path.basename(file)} (no body)`);
      continue;
    }
    const validate = ajv.getSchema(ref) || ajv.compile({ $ref: ref });
    if (!validate(JSON.parse(text))) {
      failed++;
      console.log(`FAIL ${path.basename(file)}`);
      for (const e of validate.errors.slice(0, 10)) console.log(`       ${e.instancePath || '/'} ${e.message} (${e.schemaPath})`);
    } else {
      console.log(`ok   ${path.basename(file)}`);
    }
  } catch (e) {
    failed++;
    console.log(`FAIL ${path.basename(file)}: ${e.message}`);
  }
}
const checked = files.length - notCovered;
console.log(`${checked - failed}/${checked} valid against ${path.basename(specPath)}` +
            (notCovered ? `, ${notCovered} not covered by the spec` : ''));
process.exit(failed || checked === 0 ? 1 : 0);
