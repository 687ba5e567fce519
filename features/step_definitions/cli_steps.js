'use strict';
// The switchyard CLI, run against the data directory of the server under test.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { Given, When, Then } = require('@cucumber/cucumber');

function runCli(world, args) {
  // The server's own configuration (data dir, vault key) so both see the same store and keys.
  const env = { ...process.env, SWITCHYARD_DATA_DIR: world.server.dataDir };
  try {
    const stdout = execFileSync(world.server.bin, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { code: 0, stdout, stderr: '' };
  } catch (e) {
    return { code: e.status, stdout: e.stdout || '', stderr: e.stderr || '' };
  }
}

Given('the operator has set up merchant {string} with the CLI, with an API key and a {string} connection {string}',
  function (name, processor, processorMerchantId) {
    const merchant = runCli(this, ['merchant', 'create', '--name', `Merchant ${name}`]);
    assert.equal(merchant.code, 0, `merchant create failed: ${merchant.stderr}`);
    const id = merchant.stdout.trim();
    assert.match(id, /^mer_/);
    const key = runCli(this, ['key', 'create', '--merchant', id]);
    assert.equal(key.code, 0, `key create failed: ${key.stderr}`);
    const apiKey = key.stdout.trim();
    assert.ok(apiKey.length >= 16, 'the CLI printed no key');
    const conn = runCli(this, ['connection', 'create', '--merchant', id, '--processor', processor,
      '--name', processorMerchantId, '--credentials', '{"apiKey":"sk_cli_secret"}']);
    assert.equal(conn.code, 0, `connection create failed: ${conn.stderr}`);
    assert.ok(!conn.stdout.includes('sk_cli_secret'), 'the CLI printed the credentials');
    this.merchants[name] = { name, id, apiKey };
  });

When('the operator runs the CLI with {string}', function (line) {
  this.cli = runCli(this, line.split(' '));
});

Then('the CLI fails with a message containing {string}', function (text) {
  assert.notEqual(this.cli.code, 0, 'the CLI succeeded');
  assert.ok(this.cli.stderr.includes(text), `stderr was: ${this.cli.stderr}`);
});

When('the operator publishes a workflow for merchant {string} with the CLI that authorizes on {string}',
  function (name, connection) {
    const file = path.join(this.server.dataDir, `workflow-${Date.now()}.json`);
    fs.writeFileSync(file, JSON.stringify({
      schemaVersion: 1, name: `CLI ${connection}`, trigger: { event: 'PAYMENT_CREATED' },
      steps: [{ type: 'AUTHORIZE', connection }],
    }));
    this.cli = runCli(this, ['workflow', 'publish', '--merchant', this.merchants[name].id, '--file', file]);
  });

Then("the CLI prints the new workflow's id and version {int}", function (version) {
  assert.equal(this.cli.code, 0, `the CLI failed: ${this.cli.stderr}`);
  assert.match(this.cli.stdout.trim(), new RegExp(`^wf_\\w+ ${version}$`));
});

When('the operator subscribes the receiver to {string} for merchant {string} with the CLI', function (types, name) {
  const m = this.merchant(name);
  const out = runCli(this, ['webhook', 'create', '--merchant', m.id, '--url', this.receiver.url, '--events', types,
    '--description', 'created with the CLI']);
  assert.equal(out.code, 0, `webhook create failed: ${out.stderr}`);
  const [id, secret] = out.stdout.trim().split('\n');
  assert.match(secret, /^whsec_/, 'the CLI printed no signing secret');
  this.webhookConfig = { id, secret };
  this.webhookConfigKey = m.apiKey;
});

Then('the CLI lists that configuration for merchant {string} without its secret', function (name) {
  const out = runCli(this, ['webhook', 'list', '--merchant', this.merchant(name).id]);
  assert.equal(out.code, 0, `webhook list failed: ${out.stderr}`);
  assert.ok(out.stdout.includes(this.webhookConfig.id) && out.stdout.includes(this.receiver.url), out.stdout);
  assert.ok(!out.stdout.includes(this.webhookConfig.secret), 'the listing shows the secret');
});
