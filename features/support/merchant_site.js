'use strict';
// A merchant's web site for the checkout features, on its own origin (another loopback port than
// Switchyard's): its page embeds <switchyard-checkout> from Switchyard, and its backend holds the
// API key, creating the client session (for the page) and, in the auto flow, the payment (POST
// /pay). It records every request it receives, so a test can show it never saw a card number.
const http = require('node:http');

const page = ({ switchyard, clientToken, paymentUrl }) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Merchant</title>
<script src="${switchyard}/checkout/switchyard-checkout.js"></script></head>
<body><h1>Merchant checkout</h1>
<switchyard-checkout client-token="${clientToken}"${paymentUrl ? ` payment-url="${paymentUrl}"` : ''}></switchyard-checkout>
<script>
  window.checkoutEvents = [];
  for (const type of ['token', 'payment', 'error', 'required-action']) {
    document.querySelector('switchyard-checkout')
      .addEventListener(type, (e) => window.checkoutEvents.push({ type, detail: e.detail }));
  }
</script></body></html>`;

async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

async function startMerchantSite({ switchyard, apiKey, paymentUrl }) {
  const received = []; // {method, url, body}
  const call = async (path, body, extraHeaders = {}) => {
    const r = await fetch(`${switchyard}${path}`, {
      method: 'POST',
      headers: { 'X-Api-Key': apiKey, 'Content-Type': 'application/json', ...extraHeaders },
      body: JSON.stringify(body),
    });
    return { status: r.status, text: await r.text() };
  };
  const server = http.createServer(async (req, res) => {
    const body = await readBody(req);
    received.push({ method: req.method, url: req.url, body });
    try {
      if (req.method === 'GET' && req.url === '/') {
        const s = await call('/client-session', { orderId: `merchant-${Date.now()}`, currencyCode: 'EUR', amount: 1500 });
        const { clientToken } = JSON.parse(s.text);
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end(page({ switchyard, clientToken, paymentUrl }));
      } else if (req.method === 'POST' && req.url === '/pay') {
        const { paymentMethodToken } = JSON.parse(body);
        const p = await call('/payments', { paymentMethodToken }, { 'X-Idempotency-Key': `merchant-${paymentMethodToken}` });
        res.writeHead(p.status, { 'Content-Type': 'application/json' });
        res.end(p.text);
      } else {
        res.writeHead(404).end();
      }
    } catch (e) {
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(e));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    received,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

module.exports = { startMerchantSite };
