'use strict';
// Contract validation of HTTP responses against the Primer API v2.4 OpenAPI 3.0.2 spec.
//
// For every response: find the spec operation for (path template, method), take the JSON schema for
// the response status code and validate the body with Ajv (refs resolved by Ajv against the spec's
// components; OpenAPI 3.0 `nullable` is understood natively by Ajv 8). Error statuses that have no
// schema for that operation (401, 404 on GET /payments/{id}, 413, 503...) are validated against the
// spec's `ErrorObject` wrapped as `{error: ErrorObject}`. Paths the spec does not define
// (Switchyard-only: /checkout/tokenize, /admin/*, /healthz) are only checked to be JSON (errors
// there must still use the `{error: ErrorObject}` envelope, which docs/api.md makes universal).
//
// Usable outside Cucumber:
//   const { ContractValidator } = require('./contract');
//   const v = ContractValidator.load();            // default spec path, or load('/path/spec.yml')
//   const r = v.validateResponse({ method: 'GET', path: '/payments/abc', status: 200,
//                                  contentType: 'application/json', text: '{...}' });
//   if (!r.ok) console.error(r.errors);
//   v.assertResponse({...})   // throws ContractError with the Ajv error list

const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');
const Ajv = require('ajv');
const addFormats = require('ajv-formats');

const DEFAULT_SPEC = path.resolve(__dirname, '../../../shared/specs/primer/primer-api-v2.4.openapi.yml');
const SPEC_ID = 'primer-api-v2.4';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

// Primer timestamps are UTC without a zone designator ("2021-02-21T15:36:16.367687"; the spec says
// "UTC with no timezoneinfo"), which RFC 3339's strict date-time rejects. Accept RFC 3339 with the
// offset optional, and check that the date and time are real.
const DATE_TIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})?$/;
function isPrimerDateTime(s) {
  const m = DATE_TIME_RE.exec(s);
  if (!m) return false;
  const [y, mo, d, h, mi, se] = m.slice(1, 7).map(Number);
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || se > 60) return false;
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d >= 1 && d <= daysInMonth;
}

class ContractError extends Error {
  constructor(message, result) {
    super(message);
    this.name = 'ContractError';
    this.result = result;
  }
}

class ContractValidator {
  static load(specPath = process.env.PRIMER_SPEC || DEFAULT_SPEC) {
    const doc = YAML.parse(fs.readFileSync(specPath, 'utf8'));
    return new ContractValidator(doc, specPath);
  }

  constructor(spec, specPath = '<in-memory>') {
    if (!spec || typeof spec.openapi !== 'string' || !spec.openapi.startsWith('3.0')) {
      throw new Error(`${specPath}: not an OpenAPI 3.0 document`);
    }
    this.spec = spec;
    this.specPath = specPath;
    this.validatedCount = 0;
    this.skippedCount = 0;
    this.failedCount = 0;
    this.ajv = new Ajv({
      strict: false, // OpenAPI adds keywords (example, x-*, discriminator...) that are not JSON Schema
      allErrors: true,
      validateSchema: false,
      logger: false,
    });
    addFormats(this.ajv);
    this.ajv.addFormat('date-time', { type: 'string', validate: isPrimerDateTime });
    // Only the components are a schema; `#/components/schemas/X` refs resolve inside this document.
    this.ajv.addSchema({ $id: SPEC_ID, components: { schemas: spec.components.schemas } });
    this.compiled = new Map();
    this.routes = Object.keys(spec.paths).map((template) => ({
      template,
      literal: !template.includes('{'),
      re: new RegExp(
        '^' + template.split(/\{[^}]+\}/).map((s) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&')).join('[^/]+') + '$',
      ),
    }));
    // Literal paths win over templated ones (/payments before /payments/{id}).
    this.routes.sort((a, b) => Number(b.literal) - Number(a.literal));
  }

  // '/payments/abc/capture?x=1' -> '/payments/{id}/capture', or null when the spec has no such path.
  templateFor(concretePath) {
    const p = decodeURI(String(concretePath).split('?')[0]).replace(/\/+$/, '') || '/';
    const hit = this.routes.find((r) => r.re.test(p));
    return hit ? hit.template : null;
  }

  compile(key, schema) {
    let fn = this.compiled.get(key);
    if (!fn) {
      fn = this.ajv.compile(schema);
      this.compiled.set(key, fn);
    }
    return fn;
  }

  schemaByName(name) {
    if (!this.spec.components.schemas[name]) throw new Error(`spec has no components.schemas.${name}`);
    return this.compile(`#${name}`, { $ref: `${SPEC_ID}#/components/schemas/${name}` });
  }

  // The validate function for (template, method, status) and a label, or null if the spec has none.
  responseValidator(template, method, status) {
    const op = template && this.spec.paths[template][method.toLowerCase()];
    const responses = op && op.responses;
    const r = responses && (responses[String(status)] || responses[`${String(status)[0]}XX`]);
    const media = r && r.content && (r.content['application/json'] || r.content['*/*']);
    if (media && media.schema) {
      const ptr = `#/paths/${template.replace(/~/g, '~0').replace(/\//g, '~1')}/${method.toLowerCase()}/responses/${status}`;
      const schema = this.rebase(media.schema);
      return { label: `${method.toUpperCase()} ${template} ${status} (${describe(media.schema)})`,
               fn: this.compile(ptr, schema) };
    }
    if (status >= 400) {
      return {
        label: `${method.toUpperCase()} ${template || '(non-spec path)'} ${status} ({error: ErrorObject} fallback)`,
        fn: this.errorEnvelope(),
      };
    }
    return null;
  }

  errorEnvelope() {
    return this.compile('#ErrorEnvelope', {
      type: 'object',
      required: ['error'],
      properties: { error: { $ref: `${SPEC_ID}#/components/schemas/ErrorObject` } },
    });
  }

  // Inline schemas under paths may contain local refs; point them at the registered spec document.
  rebase(schema) {
    return JSON.parse(JSON.stringify(schema), (k, v) =>
      k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${SPEC_ID}${v}` : v,
    );
  }

  /**
   * Validates one response. `body` (parsed) or `text` (raw) must be given.
   * Returns {ok, skipped, label, errors}; counts it.
   */
  validateResponse({ method, path: reqPath, status, contentType, text, body }) {
    const result = { ok: true, skipped: false, label: '', errors: [] };
    const fail = (msg, errors = []) => {
      result.ok = false;
      result.errors.push(...(errors.length ? errors : [{ message: msg }]));
      result.message = msg;
      this.failedCount += 1;
      return result;
    };
    if (method.toUpperCase() === 'HEAD' || status === 204 || status === 304) {
      result.skipped = true;
      return result;
    }
    let parsed = body;
    if (text !== undefined) {
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        return fail(`${method} ${reqPath} ${status}: body is not JSON (${e.message}): ${String(text).slice(0, 200)}`);
      }
    }
    if (contentType !== undefined && !/^application\/(.+\+)?json\b/i.test(contentType || '')) {
      return fail(`${method} ${reqPath} ${status}: Content-Type is "${contentType}", expected application/json`);
    }
    const template = this.templateFor(reqPath);
    const v = this.responseValidator(template, method, status);
    if (!v) {
      // Switchyard-only path or a success status the spec does not describe: JSON is all we check.
      result.skipped = true;
      this.skippedCount += 1;
      result.label = `${method} ${reqPath} ${status} (no spec schema: JSON only)`;
      return result;
    }
    result.label = v.label;
    this.validatedCount += 1;
    if (!v.fn(parsed)) {
      return fail(`${v.label}: response does not match the Primer v2.4 schema`, v.fn.errors.map((e) => ({
        instancePath: e.instancePath || '/',
        schemaPath: e.schemaPath,
        message: e.message,
        params: e.params,
      })));
    }
    return result;
  }

  assertResponse(args) {
    const r = this.validateResponse(args);
    if (!r.ok) {
      throw new ContractError(
        `Contract violation — ${r.message}\n${JSON.stringify(r.errors, null, 2)}\nbody: ${truncate(args.text ?? JSON.stringify(args.body))}`,
        r,
      );
    }
    return r;
  }

  // Validate any value against a named component schema (for self-tests and other suites).
  validateSchema(name, value) {
    const fn = this.schemaByName(name);
    const ok = fn(value);
    return { ok, errors: ok ? [] : fn.errors };
  }
}

function describe(schema) {
  if (schema.$ref) return schema.$ref.split('/').pop();
  return schema.title || schema.type || 'inline schema';
}

function truncate(s, n = 2000) {
  s = String(s);
  return s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s;
}

// One shared instance for the Cucumber run (lazily loaded), with a process-wide counter the
// summary formatter prints.
let shared = null;
function sharedValidator() {
  if (!shared) {
    shared = ContractValidator.load();
    globalThis.__switchyardContract = shared;
  }
  return shared;
}

module.exports = { ContractValidator, ContractError, sharedValidator, isPrimerDateTime, DEFAULT_SPEC };
