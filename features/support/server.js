'use strict';
// Starts and stops the real Switchyard binary for the features.
//
//   $SWITCHYARD_BIN serve --listen 127.0.0.1:0 --data-dir <fresh tmp dir> --demo
//   env: SWITCHYARD_ADMIN_KEY=<random>  SWITCHYARD_PROCESSOR_TIMEOUT_MS=300
//        SWITCHYARD_RECOVERY_INTERVAL_MS=200  SWITCHYARD_LOG_FILE=<tmp dir>/server.log
//        SWITCHYARD_OVERLOAD_QUEUE_TARGET_MS=2000 (no shedding on a moment's lag of a loaded machine)
//        webhooks: SWITCHYARD_WEBHOOK_TIMEOUT_MS=1000, SWITCHYARD_WEBHOOK_RETRY_SCHEDULE=200ms,500ms,
//        SWITCHYARD_WEBHOOK_POLL_INTERVAL_MS=50, SWITCHYARD_WEBHOOK_CLAIM_TTL_MS=2000 (so retries and
//        a killed server's claims play out within seconds)
//
// Ready when <data-dir>/listening ("127.0.0.1:PORT") and <data-dir>/demo-api-key exist and are
// non-empty (polled for 10 s; the `listening` file is deleted before every start so a restart
// never reads a stale port). Stopped with SIGTERM (SIGKILL after 10 s), or SIGKILL on demand.
//
// One server per feature file is shared by its scenarios; a scenario tagged @fresh-server gets its
// own (see hooks.js).

const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 10_000;
const MAX_CAPTURE = 1 << 20; // keep at most 1 MiB of each output stream

function binaryPath() {
  const bin = process.env.SWITCHYARD_BIN;
  if (!bin) throw new Error('SWITCHYARD_BIN is not set (e.g. SWITCHYARD_BIN=/work/main/build/switchyard npx cucumber-js)');
  if (!fs.existsSync(bin)) throw new Error(`SWITCHYARD_BIN=${bin} does not exist (build the server first)`);
  return path.resolve(bin);
}

const keepDir = () => process.env.SWITCHYARD_FEATURES_KEEP_DIR || '';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function readTrimmed(file) {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

class SwitchyardServer {
  constructor({ label = 'switchyard' } = {}) {
    this.label = label;
    this.bin = binaryPath();
    // SWITCHYARD_FEATURES_KEEP_DIR: every server's data dir and logs are kept under this directory
    // (scripts/scan-card-data.js looks through them for card numbers and CVVs after the suite).
    this.tmpDir = fs.mkdtempSync(path.join(keepDir() || os.tmpdir(), 'switchyard-features-'));
    this.dataDir = path.join(this.tmpDir, 'data');
    fs.mkdirSync(this.dataDir);
    this.logFile = path.join(this.tmpDir, 'server.log');
    this.adminKey = `admin_${crypto.randomBytes(24).toString('hex')}`;
    this.proc = null;
    this.exit = null; // {code, signal} of the last process once it exited
    this.stdout = '';
    this.stderr = '';
    this.starts = 0;
    this.expectExit = false;
    this.extraEnv = {}; // settings for the next starts, e.g. SWITCHYARD_DATABASE_URL
  }

  get env() {
    return {
      ...process.env,
      SWITCHYARD_ADMIN_KEY: this.adminKey,
      SWITCHYARD_PROCESSOR_TIMEOUT_MS: '300',
      SWITCHYARD_RECOVERY_INTERVAL_MS: '200',
      SWITCHYARD_WEBHOOK_TIMEOUT_MS: '1000',
      SWITCHYARD_WEBHOOK_RETRY_SCHEDULE: '200ms,500ms',
      SWITCHYARD_WEBHOOK_POLL_INTERVAL_MS: '50',
      SWITCHYARD_WEBHOOK_CLAIM_TTL_MS: '2000',
      SWITCHYARD_LOG_FILE: this.logFile,
      // Scenarios are not overload tests: on a loaded 2-core CI machine a node may lag 100 ms
      // (the default target) for a moment and shed a browser's script load, which no browser
      // retries. overload.feature sets its own limits.
      SWITCHYARD_OVERLOAD_QUEUE_TARGET_MS: '2000',
      ...this.extraEnv,
    };
  }

  get args() {
    return ['serve', '--listen', '127.0.0.1:0', '--data-dir', this.dataDir, '--demo'];
  }

  get alive() {
    return this.proc !== null && this.exit === null;
  }

  async start() {
    if (this.alive) throw new Error('server already running');
    fs.rmSync(path.join(this.dataDir, 'listening'), { force: true });
    this.exit = null;
    this.expectExit = false;
    this.starts += 1;
    const proc = spawn(this.bin, this.args, { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    const append = (key) => (chunk) => {
      this[key] += chunk.toString('utf8');
      if (this[key].length > MAX_CAPTURE) this[key] = this[key].slice(-MAX_CAPTURE);
    };
    proc.stdout.on('data', append('stdout'));
    proc.stderr.on('data', append('stderr'));
    this.exited = new Promise((resolve) => {
      proc.on('exit', (code, signal) => {
        if (this.proc === proc) this.exit = { code, signal };
        resolve({ code, signal });
      });
      proc.on('error', (err) => {
        if (this.proc === proc) this.exit = { code: null, signal: null, error: err };
        this.stderr += `\n[spawn error] ${err.message}`;
        resolve({ code: null, signal: null, error: err });
      });
    });

    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (this.exit) {
        throw new Error(`${this.label}: server exited during start-up (code ${this.exit.code}, signal ${this.exit.signal})\n${this.diagnostics()}`);
      }
      const listening = readTrimmed(path.join(this.dataDir, 'listening'));
      const apiKey = readTrimmed(path.join(this.dataDir, 'demo-api-key'));
      if (listening && apiKey) {
        if (!/^127\.0\.0\.1:\d+$/.test(listening)) {
          await this.kill('SIGKILL');
          throw new Error(`${this.label}: <data-dir>/listening must contain 127.0.0.1:PORT, got "${listening}"`);
        }
        this.address = listening;
        this.baseUrl = `http://${listening}`;
        this.demoApiKey = apiKey;
        return this;
      }
      if (Date.now() > deadline) {
        await this.kill('SIGKILL');
        throw new Error(`${this.label}: no <data-dir>/listening + <data-dir>/demo-api-key after ${START_TIMEOUT_MS} ms\n${this.diagnostics()}`);
      }
      await sleep(25);
    }
  }

  // Sends `signal` and waits for the process to exit. Returns {code, signal}.
  async kill(signal = 'SIGTERM', timeoutMs = STOP_TIMEOUT_MS) {
    if (!this.proc || this.exit) return this.exit;
    this.expectExit = true;
    this.proc.kill(signal);
    const timer = sleep(timeoutMs).then(() => 'timeout');
    if ((await Promise.race([this.exited, timer])) === 'timeout') {
      this.proc.kill('SIGKILL');
      await this.exited;
      this.exit = { ...this.exit, timedOut: true };
    }
    return this.exit;
  }

  async stop() {
    return this.kill('SIGTERM');
  }

  async restart({ signal = 'SIGTERM' } = {}) {
    await this.kill(signal);
    return this.start();
  }

  // Everything the server wrote: stderr, stdout and the log file.
  allOutput() {
    let log = '';
    try {
      log = fs.readFileSync(this.logFile, 'utf8');
    } catch {
      /* no log file */
    }
    return `${this.stderr}\n${this.stdout}\n${log}`;
  }

  diagnostics(max = 4000) {
    const tail = (s) => (s.length > max ? `…${s.slice(-max)}` : s);
    let log = '';
    try {
      log = fs.readFileSync(this.logFile, 'utf8');
    } catch {
      /* none */
    }
    return [
      `command: ${this.bin} ${this.args.join(' ')}`,
      `tmp dir: ${this.tmpDir}`,
      `--- stderr ---\n${tail(this.stderr) || '(empty)'}`,
      this.stdout ? `--- stdout ---\n${tail(this.stdout)}` : '',
      log ? `--- ${this.logFile} ---\n${tail(log)}` : '',
    ].filter(Boolean).join('\n');
  }

  cleanup() {
    if (keepDir()) {
      // What the server printed, next to its log and database, for the scan.
      fs.writeFileSync(path.join(this.tmpDir, 'server.stdout'), this.stdout);
      fs.writeFileSync(path.join(this.tmpDir, 'server.stderr'), this.stderr);
      return;
    }
    if (process.env.SWITCHYARD_KEEP_TMP) return;
    fs.rmSync(this.tmpDir, { recursive: true, force: true });
  }
}

module.exports = { SwitchyardServer, binaryPath };
