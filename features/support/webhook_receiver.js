'use strict';
// A merchant's webhook receiver on loopback, for the webhook features: it records every request
// (headers and the raw body, exactly as received) and answers as the scenario scripts it:
//   'ok'   200
//   'fail' 500
//   'hang' never answers (the dispatcher's timeout ends the attempt; the socket closes with it)
// `down()` closes the listening socket (connections are refused); `up()` listens again on the
// same port, so the URL the merchant configured stays valid.
const http = require('node:http');

class WebhookReceiver {
  constructor() {
    this.requests = []; // {headers, text, body, behaviour, at}
    this.script = []; // behaviours for the next requests, in order; then `perEvent`, then `mode`
    this.perEvent = []; // behaviours for the 1st, 2nd... request of each eventId
    this.mode = 'ok';
    this.port = 0;
    this.server = null;
    this.sockets = new Set();
  }

  get url() {
    return `http://127.0.0.1:${this.port}/hooks/switchyard`;
  }

  async up() {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = this.server.address().port;
  }

  async down() {
    if (!this.server) return;
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => server.close(() => resolve()));
  }

  handle(req, res) {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      const n = this.requests.filter((r) => body && r.body?.eventId === body.eventId).length;
      const behaviour = this.script.length ? this.script.shift() : n < this.perEvent.length ? this.perEvent[n] : this.mode;
      this.requests.push({ headers: req.headers, text, body, behaviour, at: Date.now() });
      if (behaviour === 'hang') return; // no answer
      res.writeHead(behaviour === 'fail' ? 500 : 200, { 'content-type': 'application/json' });
      res.end(behaviour === 'fail' ? '{"error":"receiver failure"}' : '{"ok":true}');
    });
  }

  // The requests answered 200, i.e. the webhooks the merchant has accepted.
  get accepted() {
    return this.requests.filter((r) => r.behaviour === 'ok');
  }
}

module.exports = { WebhookReceiver };
