#!/usr/bin/env node
'use strict';
// Looks through every file under DIR (the database files, WAL files and logs the features suite
// wrote: SWITCHYARD_FEATURES_KEEP_DIR, see features/support/server.js) for the card numbers and
// CVVs the suite used, and fails naming the file and byte offset of each one found.
//
//   node scripts/scan-card-data.js DIR [SOURCE_DIR=features]
//
// Card numbers are every Luhn-valid run of 13-19 digits in the feature files and step
// definitions, searched in clear in any common encoding: plain digits, grouped with spaces or
// dashes (4-4-4-4, Amex 4-6-5), UTF-16LE, hex of the digits, base64 of the digits (each of the
// three alignments). CVVs are searched in context: a cvv/cvc/securityCode key followed by one of
// the suite's CVVs ("cvv":"737", cvc=737, card[cvc]=737...), in clear or UTF-16LE.
const fs = require('node:fs');
const path = require('node:path');

const [dir, sourceDir = path.join(__dirname, '..', 'features')] = process.argv.slice(2);
if (!dir) {
  console.error('usage: scan-card-data.js DIR [SOURCE_DIR]');
  process.exit(2);
}

function luhn(digits) {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return sum % 10 === 0;
}

function walk(root, files = []) {
  for (const e of fs.readdirSync(root, { withFileTypes: true })) {
    const p = path.join(root, e.name);
    if (e.isDirectory()) { if (e.name !== 'node_modules') walk(p, files); } else if (e.isFile()) files.push(p);
  }
  return files;
}

// The suite's card numbers and CVVs, from its sources.
const pans = new Set();
const cvvs = new Set();
for (const f of walk(sourceDir)) {
  if (!/\.(feature|js)$/.test(f)) continue;
  const text = fs.readFileSync(f, 'utf8');
  for (const m of text.matchAll(/(?<![0-9])[0-9]{13,19}(?![0-9])/g)) if (luhn(m[0]) && !/^0+$/.test(m[0])) pans.add(m[0]);
  for (const m of text.matchAll(/(?:cvv|cvc)['"]?\s*[:=,]\s*['"]?([0-9]{3,4})(?![0-9])/gi)) cvvs.add(m[1]);
  for (const m of text.matchAll(/\? '([0-9]{4})' : '([0-9]{3})'/g)) { cvvs.add(m[1]); cvvs.add(m[2]); }
}

// Every encoding of a card number we look for, with a label.
function panNeedles(pan) {
  const out = [[pan, 'digits']];
  const group = (sizes, sep) => {
    const parts = []; let i = 0;
    for (const s of sizes) { parts.push(pan.slice(i, i + s)); i += s; }
    if (i < pan.length) parts.push(pan.slice(i));
    return parts.filter(Boolean).join(sep);
  };
  for (const sep of [' ', '-']) {
    out.push([group([4, 4, 4, 4], sep), `grouped with '${sep}'`]);
    if (pan.length === 15) out.push([group([4, 6, 5], sep), `grouped 4-6-5 with '${sep}'`]);
  }
  out.push([Buffer.from(pan, 'utf16le').toString('latin1'), 'UTF-16LE']);
  out.push([Buffer.from(pan).toString('hex'), 'hex']);
  out.push([Buffer.from(pan).toString('hex').toUpperCase(), 'HEX']);
  for (let pad = 0; pad < 3; pad++) {
    // The digits at offset `pad` within a base64 group: drop the characters mixing in neighbours.
    const b64 = Buffer.concat([Buffer.alloc(pad), Buffer.from(pan)]).toString('base64');
    const first = pad === 0 ? 0 : Math.ceil((pad * 8) / 6);
    const usable = Math.floor(((pad + pan.length) * 8) / 6);
    const core = b64.slice(first, usable);
    if (core.length >= 12) out.push([core, `base64 (alignment ${pad})`]);
  }
  return out;
}

const cvvPattern = cvvs.size
  ? new RegExp(`(cvv|cvc|cv2|securityCode|security_code)("|'|\\]|%22|%5D)?\\s*(:|=)\\s*("|')?(${[...cvvs].join('|')})(?![0-9])`, 'gi')
  : null;

let found = 0;
const files = walk(dir);
for (const f of files) {
  const data = fs.readFileSync(f);
  const text = data.toString('latin1');
  for (const pan of pans) {
    for (const [needle, how] of panNeedles(pan)) {
      let at = text.indexOf(needle);
      while (at !== -1) {
        console.log(`${f}: offset ${at}: card number ${pan.slice(0, 6)}...${pan.slice(-4)} (${how})`);
        found++;
        at = text.indexOf(needle, at + 1);
      }
    }
  }
  if (cvvPattern) {
    for (const hay of [text, data.toString('utf16le')]) {
      for (const m of hay.matchAll(cvvPattern)) {
        console.log(`${f}: offset ${m.index}: CVV in context (${m[0].replace(/[0-9]{3,4}$/, '***')})`);
        found++;
      }
    }
  }
}
console.log(`scanned ${files.length} files for ${pans.size} card numbers and ${cvvs.size} CVVs: ${found} found`);
process.exit(found === 0 && files.length > 0 ? 0 : 1);
