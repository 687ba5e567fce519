#!/usr/bin/env node
// Contract check for the Adyen connector and emulator: validates every recorded body in
// testdata/ against Adyen's published Checkout API v71 spec (../shared/specs/adyen/...).
//
// File names say what each body is:
//   <operation>.request.json            the request body of <operation>
//   <operation>.response.<status>.json  the response body of <operation> with HTTP <status>
//   <operation>[.<variant>]...          optional variant after the operation, e.g.
//                                       payments.refused_12.response.200.json
// Operations: payments -> POST /payments; details -> POST /payments/details;
// captures|cancels|refunds|reversals -> POST /payments/{paymentPspReference}/<operation>.
//
// Usage: node contract_check.js [spec.json] [testdata dir] [extra files...]
// Exit status 0 when every file validates, 1 otherwise.
'use strict';
const fs = require('fs');
const path = require('path');

const here = __dirname;
const nodeModules = [path.resolve(here, '../../../features/node_modules')];
const Ajv = require(require.resolve('ajv', { paths: nodeModules }));

const specPath = process.argv[2] || path.resolve(here, '../../../../shared/specs/adyen/CheckoutService-v71.json');
const dataDir = process.argv[3] || path.join(here, 'testdata');
const extra = process.argv.slice(4);

const spec = JSON.parse(fs.readFileSync(specPath, 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, discriminator: false });
ajv.addSchema(spec, 'spec');

const operations = {
  payments: '/payments',
  details: '/payments/details',
  captures: '/payments/{paymentPspReference}/captures',
  cancels: '/payments/{paymentPspReference}/cancels',
  refunds: '/payments/{paymentPspReference}/refunds',
  reversals: '/payments/{paymentPspReference}/reversals',
};

function pointer(p) {
  return p.replace(/~/g, '~0').replace(/\//g, '~1');
}

// The schema for one file, as a $ref into the spec so that every nested $ref resolves.
function schemaFor(file) {
  const base = path.basename(file, '.json');
  const parts = base.split('.');
  const op = parts[0];
  const apiPath = operations[op];
  if (!apiPath) throw new Error(`unknown operation "${op}"`);
  const post = spec.paths[apiPath].post;
  const at = `spec#/paths/${pointer(apiPath)}/post`;
  const kindIndex = parts.indexOf('request') >= 0 ? parts.indexOf('request') : parts.indexOf('response');
  if (kindIndex < 0) throw new Error('name must contain .request or .response.<status>');
  if (parts[kindIndex] === 'request') {
    if (!post.requestBody.content['application/json']) throw new Error('no JSON request body');
    return { $ref: `${at}/requestBody/content/application~1json/schema`, what: `POST ${apiPath} request` };
  }
  const status = parts[kindIndex + 1];
  let response = post.responses[status];
  if (!response) throw new Error(`the spec lists no ${status} response for POST ${apiPath}`);
  let ref = `${at}/responses/${status}`;
  if (response.$ref) {
    ref = 'spec' + response.$ref;
    response = response.$ref.split('/').slice(1).reduce((o, k) => o[k], spec);
  }
  if (!response.content || !response.content['application/json'])
    throw new Error(`no JSON body for ${status}`);
  return { $ref: `${ref}/content/application~1json/schema`, what: `POST ${apiPath} ${status}` };
}

const files = fs.readdirSync(dataDir).filter((f) => f.endsWith('.json')).map((f) => path.join(dataDir, f)).concat(extra);
let failed = 0;
for (const file of files.sort()) {
  let what = '';
  try {
    const s = schemaFor(file);
    what = s.what;
    const validate = ajv.compile({ $ref: s.$ref });
    const body = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (!validate(body)) {
      failed++;
      console.log(`FAIL ${path.basename(file)} (${what})`);
      for (const e of validate.errors.slice(0, 8)) console.log(`     ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
    } else {
      console.log(`ok   ${path.basename(file)} (${what})`);
    }
  } catch (e) {
    failed++;
    console.log(`FAIL ${path.basename(file)}: ${e.message}`);
  }
}
console.log(`${files.length - failed}/${files.length} files valid against ${path.basename(specPath)}`);
process.exit(failed ? 1 : 0);
