'use strict';
// Moving the server's store to PostgreSQL with `switchyard copy-store`, on the throw-away
// PostgreSQL server named by SWITCHYARD_TEST_POSTGRES_URL (scripts/test-postgres.sh).
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');
const { When, Then } = require('@cucumber/cucumber');

function adminUrl() {
  const url = process.env.SWITCHYARD_TEST_POSTGRES_URL;
  assert.ok(url, 'SWITCHYARD_TEST_POSTGRES_URL is not set: run under `scripts/test-postgres.sh run` (make test does)');
  return url;
}

function copyStore(world, to) {
  const from = `sqlite://${path.join(world.server.dataDir, 'switchyard.db')}`;
  const r = spawnSync(world.server.bin, ['copy-store', '--from', from, '--to', to],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { code: r.status, stdout: r.stdout || '', stderr: r.stderr || '' };
}

When('the operator copies the store into a new PostgreSQL database with the CLI', function () {
  const admin = adminUrl();
  const database = `sy_move_${crypto.randomBytes(6).toString('hex')}`;
  execFileSync('psql', [admin, '-qAtc', `CREATE DATABASE ${database}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  this.postgresUrl = admin.replace(/\/[^/]*$/, `/${database}`);
  this.cli = copyStore(this, this.postgresUrl);
});

When('the operator copies the store into the same PostgreSQL database again', function () {
  assert.equal(this.cli.code, 0, `the first copy failed: ${this.cli.stderr}`);
  this.cli = copyStore(this, this.postgresUrl);
});

Then('the CLI reports every table copied and verified', function () {
  assert.equal(this.cli.code, 0, `copy-store failed: ${this.cli.stderr}`);
  assert.match(this.cli.stdout, /copied and verified \d+ rows in \d+ tables/);
  assert.ok(!this.cli.stderr.includes('MISMATCH'), this.cli.stderr);
  for (const table of ['merchants', 'api_keys', 'payments', 'transactions', 'idempotency_keys']) {
    assert.match(this.cli.stderr, new RegExp(`${table}\\s+\\d+ rows\\s+ok`), `no verification line for ${table}`);
  }
});

When('the server is started again on that PostgreSQL database', async function () {
  this.server.extraEnv = { SWITCHYARD_DATABASE_URL: this.postgresUrl };
  await this.server.start();
  this.apiKey = this.server.demoApiKey;
});
