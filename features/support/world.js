'use strict';
// The World: per-scenario state plus the helpers steps share (sessions, tokens, payments).
const assert = require('node:assert/strict');
const { World, setWorldConstructor, setDefaultTimeout } = require('@cucumber/cucumber');
const { request } = require('./http');

setDefaultTimeout(30_000);

const CARDHOLDER = 'Jane Doe';

class SwitchyardWorld extends World {
  constructor(options) {
    super(options);
    this.server = null; // set by hooks.js
    this.apiKey = null; // X-Api-Key used by default (the demo merchant's)
    this.last = null; // last response {method, path, status, headers, text, body}
    this.responses = []; // every response of this scenario
    this.pans = new Set(); // card numbers sent in this scenario (must never come back)
    this.cvvs = new Set();
    this.session = null; // {clientToken, request, response}
    this.token = null; // last payment method token
    this.payment = null; // last payment body seen for the current payment
    this.lastRequest = null; // {method, path, opts} of the last mutating call, for "the same request again"
    this.firstResponse = null; // response of the first of a pair of idempotent requests
    this.merchants = {}; // name -> {id, apiKey, session, token, payment}
    this.snapshot = null; // payment before a crash
    this.list = null; // last GET /payments body
    this.pages = null;
    this.polled = [];
  }

  // --- low-level -------------------------------------------------------------------------------
  async api(method, path, opts = {}) {
    return request(this, method, this.fill(path), opts);
  }

  // Replaces {token}, {clientToken}, {paymentId} placeholders in paths and raw bodies.
  fill(text) {
    return String(text)
      .replaceAll('{token}', this.token ?? '{token}')
      .replaceAll('{clientToken}', this.session?.clientToken ?? '{clientToken}')
      .replaceAll('{paymentId}', this.payment?.id ?? '{paymentId}');
  }

  // Remembers a mutating request so that "the same request again" can resend it byte for byte.
  async send(method, path, opts = {}) {
    this.lastRequest = { method, path: this.fill(path), opts };
    this.firstResponse = null;
    const res = await this.api(method, path, opts);
    this.firstResponse = res;
    this.rememberPayment(res);
    return res;
  }

  async resend() {
    assert.ok(this.lastRequest, 'no earlier request to repeat');
    const { method, path, opts } = this.lastRequest;
    const res = await this.api(method, path, opts);
    this.rememberPayment(res);
    return res;
  }

  rememberPayment(res) {
    const b = res.body;
    if (res.status === 200 && b && typeof b.id === 'string' && typeof b.status === 'string') this.payment = b;
  }

  expectStatus(status, res = this.last) {
    assert.ok(res, 'no response yet');
    if (res.status !== status) {
      throw new Error(`${res.method} ${res.path}: expected HTTP ${status}, got ${res.status}\n${res.text.slice(0, 3000)}`);
    }
  }

  // --- checkout ---------------------------------------------------------------------------------
  async createSession(body, { as } = {}) {
    const res = await this.api('POST', '/client-session', { body, apiKey: this.keyOf(as) });
    this.expectStatus(200, res);
    assert.ok(res.body.clientToken, 'client session without clientToken');
    this.session = { clientToken: res.body.clientToken, request: body, response: res.body };
    return this.session;
  }

  tokenizeBody(card) {
    const cvv = /^3[47]/.test(card) ? '7373' : '737';
    this.pans.add(card);
    this.cvvs.add(cvv);
    return {
      paymentInstrument: {
        number: card,
        expirationMonth: '12',
        expirationYear: '2030',
        cvv,
        cardholderName: CARDHOLDER,
      },
    };
  }

  async tokenize(card, { clientToken } = {}) {
    const bearer = clientToken ?? this.session?.clientToken;
    assert.ok(bearer, 'no client session to tokenize with');
    const res = await this.api('POST', '/checkout/tokenize', { bearer, body: this.tokenizeBody(card) });
    if (res.status === 200) this.token = res.body.token;
    return res;
  }

  async tokenizeOk(card) {
    const res = await this.tokenize(card);
    this.expectStatus(200, res);
    assert.ok(res.body.token, 'tokenize answered without a token');
    return res.body.token;
  }

  async authorizedPayment(amount, currency, { orderId, card = '4111111111111111', as } = {}) {
    const order = orderId ?? `order-${Math.random().toString(36).slice(2, 10)}`;
    await this.createSession({ orderId: order, currencyCode: currency, amount }, { as });
    await this.tokenizeOk(card);
    const res = await this.send('POST', '/payments', { body: { paymentMethodToken: this.token }, apiKey: this.keyOf(as) });
    this.expectStatus(200, res);
    assert.equal(res.body.status, 'AUTHORIZED', `payment for ${order} is ${res.body.status}, expected AUTHORIZED`);
    return res.body;
  }

  // --- merchants --------------------------------------------------------------------------------
  keyOf(name) {
    if (!name) return undefined; // default key
    if (name === 'A' && !this.merchants.A) return this.server.demoApiKey;
    assert.ok(this.merchants[name], `unknown merchant "${name}"`);
    return this.merchants[name].apiKey;
  }

  merchant(name) {
    if (name === 'A' && !this.merchants.A) this.merchants.A = { name: 'A', apiKey: this.server.demoApiKey };
    assert.ok(this.merchants[name], `unknown merchant "${name}"`);
    return this.merchants[name];
  }

  async admin(method, path, body, { bearer = this.server.adminKey } = {}) {
    return this.api(method, path, { body, bearer, apiKey: null });
  }

  // --- listing ------------------------------------------------------------------------------------
  async listPayments(query, { as } = {}) {
    const res = await this.api('GET', `/payments${query ? `?${query}` : ''}`, { apiKey: this.keyOf(as) });
    if (res.status === 200) this.list = res.body;
    return res;
  }

  async paymentsForOrder(orderId, { as } = {}) {
    const res = await this.listPayments(`order_id=${encodeURIComponent(orderId)}`, { as });
    this.expectStatus(200, res);
    return res.body.data;
  }
}

setWorldConstructor(SwitchyardWorld);

module.exports = { SwitchyardWorld, CARDHOLDER };
