// The demo shop's page: asks its backend for a client session, gives the client token to the
// checkout, and on the `token` event (the manual flow) asks its backend to create the payment,
// then tells the checkout and the shopper how it went. The page never sees the card number or
// the merchant's API key.
'use strict';

const checkout = document.getElementById('checkout');
const sessionStatus = document.getElementById('session-status');
const result = document.getElementById('result');

async function postJson(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(json?.error?.description || `HTTP ${response.status}`);
  return json;
}

function describe(payment) {
  const reason = payment.statusReason;
  const why = reason ? [reason.declineType, reason.code, reason.message].filter(Boolean).join(', ') : '';
  return why ? `Payment ${payment.status}: ${why}` : `Payment ${payment.status}`;
}

checkout.addEventListener('token', async (event) => {
  result.textContent = 'Creating the payment…';
  try {
    const payment = await postJson('/demo/shop/payments', { paymentMethodToken: event.detail.token });
    result.textContent = payment.requiredAction ? 'Waiting for the bank’s confirmation…' : describe(payment);
    result.dataset.status = payment.status;
    checkout.complete(payment);
  } catch (e) {
    result.textContent = `The payment could not be created: ${e.message}`;
    checkout.fail(e.message);
  }
});

// After a 3-D Secure challenge (manual flow): the backend resumes the payment.
checkout.addEventListener('resume', async (event) => {
  result.textContent = 'Completing the payment…';
  try {
    const payment = await postJson('/demo/shop/payments/resume', event.detail);
    result.textContent = describe(payment);
    result.dataset.status = payment.status;
    checkout.complete(payment);
  } catch (e) {
    result.textContent = `The payment could not be completed: ${e.message}`;
    checkout.fail(e.message);
  }
});

checkout.addEventListener('error', (event) => {
  result.textContent = `Checkout error (${event.detail.code}): ${event.detail.message}`;
});

postJson('/demo/shop/session')
  .then((session) => {
    checkout.setAttribute('client-token', session.clientToken);
    sessionStatus.textContent = `Order ${session.orderId} is ready to pay.`;
  })
  .catch((e) => {
    sessionStatus.textContent = `The checkout could not start: ${e.message}`;
  });
