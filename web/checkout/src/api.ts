// The two calls the checkout makes: tokenizing the card at Switchyard with the client token (the
// card goes nowhere else), and, in the auto flow, handing the token to the merchant's own backend.

export interface TokenizeResult {
  token: string;
  tokenType: string;
  paymentInstrumentType: string;
  paymentInstrumentData: {
    first6Digits: string;
    last4Digits: string;
    expirationMonth: string;
    expirationYear: string;
    cardholderName?: string;
    network: string;
  };
  expiresAt: string;
}

export interface CardInput {
  number: string;
  expirationMonth: string; // "05"
  expirationYear: string; // "2030"
  cvv: string;
  cardholderName: string;
}

// A failure the component reports in its `error` event: `code` is the Primer errorId when
// Switchyard answered with one, else NETWORK_ERROR or a name of the component's own.
export class CheckoutError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
    readonly diagnosticsId?: string,
  ) {
    super(message);
  }
}

async function errorOf(response: Response): Promise<CheckoutError> {
  try {
    const body = await response.json();
    const e = body?.error;
    if (e && typeof e.errorId === 'string') {
      return new CheckoutError(e.errorId, String(e.description ?? e.errorId), response.status, e.diagnosticsId);
    }
  } catch {
    /* not JSON: fall through */
  }
  return new CheckoutError('HTTP_ERROR', `The request failed (HTTP ${response.status}).`, response.status);
}

export async function tokenize(apiUrl: string, clientToken: string, card: CardInput): Promise<TokenizeResult> {
  let response: Response;
  try {
    response = await fetch(`${apiUrl}/checkout/tokenize`, {
      method: 'POST',
      // No cookies: the client token is the only credential, so Switchyard can allow any origin.
      credentials: 'omit',
      headers: { Authorization: `Bearer ${clientToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ paymentInstrument: card }),
    });
  } catch {
    throw new CheckoutError('NETWORK_ERROR', 'Could not reach the payment service. Check your connection and try again.');
  }
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as TokenizeResult;
}

// What the checkout reads of a payment the merchant's backend created (a Primer payment object,
// or the subset of it the backend chooses to pass on).
export interface PaymentOutcome {
  id?: string;
  status: string;
  statusReason?: { type?: string; declineType?: string; code?: string; message?: string };
  requiredAction?: { name: string; description?: string; clientToken?: string };
}

// Auto flow: POSTs {"paymentMethodToken"} to the merchant's backend (normally the merchant's own
// origin, so its cookies go along), which creates the payment with its API key and answers with it.
export async function createPaymentAt(paymentUrl: string, token: string): Promise<PaymentOutcome> {
  let response: Response;
  try {
    response = await fetch(paymentUrl, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ paymentMethodToken: token }),
    });
  } catch {
    throw new CheckoutError('NETWORK_ERROR', 'Could not reach the shop to complete the payment.');
  }
  if (!response.ok) throw await errorOf(response);
  const body = await response.json();
  if (!body || typeof body.status !== 'string') {
    throw new CheckoutError('BAD_PAYMENT_RESPONSE', 'The shop answered without a payment status.');
  }
  return body as PaymentOutcome;
}

// Auto flow, after a 3-D Secure challenge: POSTs {"paymentId", "resumeToken"} to the merchant's
// backend, which calls POST /payments/{id}/resume with its API key and answers with the payment.
export async function resumePaymentAt(resumeUrl: string, paymentId: string, resumeToken: string): Promise<PaymentOutcome> {
  let response: Response;
  try {
    response = await fetch(resumeUrl, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ paymentId, resumeToken }),
    });
  } catch {
    throw new CheckoutError('NETWORK_ERROR', 'Could not reach the shop to complete the payment.');
  }
  if (!response.ok) throw await errorOf(response);
  const body = await response.json();
  if (!body || typeof body.status !== 'string') {
    throw new CheckoutError('BAD_PAYMENT_RESPONSE', 'The shop answered without a payment status.');
  }
  return body as PaymentOutcome;
}
