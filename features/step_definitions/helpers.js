'use strict';
// Assertion helpers shared by the step definitions.
const assert = require('node:assert/strict');

const ABSENT = '(absent)';
const PRESENT = '(present)';

// 'a.b.0.c' -> value (undefined when any step is missing)
function getPath(obj, dotted) {
  return String(dotted).split('.').reduce((o, k) => (o === undefined || o === null ? undefined : o[k]), obj);
}

function show(v) {
  return v === undefined ? 'absent' : JSON.stringify(v);
}

// Compares one field with a table cell: "(absent)", "(present)", a JSON object/array literal for
// objects, otherwise the value's string form (types are checked by the contract validator).
function checkField(body, field, expected, where = 'response') {
  const actual = getPath(body, field);
  if (expected === ABSENT) {
    assert.ok(actual === undefined, `${where}: expected "${field}" to be absent, got ${show(actual)}`);
  } else if (expected === PRESENT) {
    assert.ok(actual !== undefined && actual !== null && actual !== '', `${where}: expected "${field}" to be present, got ${show(actual)}`);
  } else if (actual !== null && typeof actual === 'object') {
    let want;
    try {
      want = JSON.parse(expected);
    } catch {
      assert.fail(`${where}: "${field}" is an object ${show(actual)}; the expected value must be JSON, got ${expected}`);
    }
    assert.deepStrictEqual(actual, want, `${where}: "${field}" differs`);
  } else {
    assert.ok(actual !== undefined, `${where}: expected "${field}" = ${expected}, but it is absent`);
    assert.equal(String(actual), expected, `${where}: expected "${field}" = ${expected}, got ${show(actual)}`);
  }
}

function checkFields(body, dataTable, where) {
  const rows = dataTable.hashes();
  assert.ok(rows.length && 'field' in rows[0] && 'value' in rows[0], 'the table needs "field" and "value" columns');
  const problems = [];
  for (const { field, value } of rows) {
    try {
      checkField(body, field, value, where);
    } catch (e) {
      problems.push(e.message);
    }
  }
  if (problems.length) throw new Error(`${problems.join('\n')}\nbody: ${JSON.stringify(body, null, 1).slice(0, 4000)}`);
}

// Every property of `expected` is in `actual` with the same value (recursively; arrays element-wise).
function deepContains(actual, expected, at = '$') {
  if (expected === null || typeof expected !== 'object') {
    assert.deepStrictEqual(actual, expected, `${at}: expected ${show(expected)}, got ${show(actual)}`);
    return;
  }
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${at}: expected an array, got ${show(actual)}`);
    assert.equal(actual.length, expected.length, `${at}: expected ${expected.length} items, got ${actual.length}`);
    expected.forEach((e, i) => deepContains(actual[i], e, `${at}[${i}]`));
    return;
  }
  assert.ok(actual && typeof actual === 'object' && !Array.isArray(actual), `${at}: expected an object, got ${show(actual)}`);
  for (const [k, v] of Object.entries(expected)) deepContains(actual[k], v, `${at}.${k}`);
}

// "a, b, c" -> ['a','b','c']; "" -> []
function list(text) {
  return String(text).split(',').map((s) => s.trim()).filter(Boolean);
}

// Card network names as a comparable token: "Visa" / "VISA" -> VISA, "American Express" -> AMEX.
function normalizeNetwork(name) {
  const n = String(name).toUpperCase().replace(/[^A-Z]/g, '');
  return { AMERICANEXPRESS: 'AMEX', MASTER: 'MASTERCARD', MC: 'MASTERCARD' }[n] || n;
}

// Primer timestamps are UTC without zone: parse them as UTC.
function parseUtc(ts) {
  const s = String(ts);
  const ms = Date.parse(/([Zz]|[+-]\d{2}:\d{2})$/.test(s) ? s : `${s}Z`);
  assert.ok(!Number.isNaN(ms), `not a timestamp: ${s}`);
  return ms;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

module.exports = { getPath, checkField, checkFields, deepContains, list, normalizeNetwork, parseUtc, sleep, ABSENT, PRESENT };
