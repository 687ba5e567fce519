// <switchyard-checkout client-token="..." [api-url] [payment-url] [resume-url] [button-label]>: a card form
// that validates as the shopper types, tokenizes the card straight at Switchyard with the client
// token, then either hands the token to the page (manual flow: the `token` event, and the page
// calls complete() or fail()) or gives it to the merchant's backend at payment-url (auto flow).
// A payment that needs 3-D Secure shows the challenge in a dialog, then is resumed by the backend
// at resume-url (auto flow; default <payment-url>/resume) or by the page (the `resume` event).
// See docs/checkout.md.
import {
  detectNetwork, digitsOf, formatExpiry, formatNumber, parseExpiry, validateCvv,
  validateExpiry, validateName, validateNumber, type Network, type Verdict,
} from './card';
import { LOGOS } from './logos';
import { CheckoutError, createPaymentAt, resumePaymentAt, tokenize, type PaymentOutcome, type TokenizeResult } from './api';
import { ChallengeCancelled, parseChallengeToken, runChallenge } from './challenge';
import { CSS } from './styles';

type FieldName = 'number' | 'expiry' | 'cvv' | 'name';
const FIELDS: FieldName[] = ['number', 'expiry', 'cvv', 'name'];

const TEMPLATE = `
<form novalidate part="form">
  <div class="field">
    <label for="number">Card number</label>
    <div class="control">
      <input id="number" name="number" type="text" inputmode="numeric" autocomplete="cc-number"
             maxlength="23" spellcheck="false" aria-describedby="number-error number-network">
      <span class="logo" id="logo"></span>
    </div>
    <p class="network" id="number-network" aria-live="polite"></p>
    <p class="error" id="number-error" aria-live="polite"></p>
  </div>
  <div class="row">
    <div class="field">
      <label for="expiry">Expiry date <span class="visually-hidden">(MM/YY)</span></label>
      <input id="expiry" name="expiry" type="text" inputmode="numeric" autocomplete="cc-exp"
             placeholder="MM/YY" maxlength="7" aria-describedby="expiry-error">
      <p class="error" id="expiry-error" aria-live="polite"></p>
    </div>
    <div class="field">
      <label for="cvv">Security code</label>
      <input id="cvv" name="cvv" type="text" inputmode="numeric" autocomplete="cc-csc"
             maxlength="4" aria-describedby="cvv-error">
      <p class="error" id="cvv-error" aria-live="polite"></p>
    </div>
  </div>
  <div class="field">
    <label for="name">Name on card</label>
    <input id="name" name="name" type="text" autocomplete="cc-name" maxlength="100"
           spellcheck="false" aria-describedby="name-error">
    <p class="error" id="name-error" aria-live="polite"></p>
  </div>
  <button type="submit" id="submit" part="button">Pay</button>
  <p class="status" id="status" role="status" aria-live="polite"></p>
</form>`;

// Where Switchyard is when the page does not say: the server this script was loaded from
// (…/checkout/switchyard-checkout.js -> …). Read once, while the script runs.
const scriptSrc = (document.currentScript as HTMLScriptElement | null)?.src ?? '';
const defaultApiUrl = scriptSrc ? new URL('..', scriptSrc).href.replace(/\/$/, '') : '';

const SUCCESS = new Set(['AUTHORIZED', 'SETTLING', 'SETTLED', 'PARTIALLY_SETTLED']);

export class SwitchyardCheckout extends HTMLElement {
  static observedAttributes = ['button-label'];

  private readonly root: ShadowRoot;
  private readonly inputs: Record<FieldName, HTMLInputElement>;
  private readonly touched = new Set<FieldName>();
  private network: Network | null = null;
  private busy = false;

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    if ('adoptedStyleSheets' in this.root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      this.root.adoptedStyleSheets = [sheet];
    }
    this.root.innerHTML = TEMPLATE;
    const get = (id: string) => this.root.getElementById(id) as HTMLInputElement;
    this.inputs = { number: get('number'), expiry: get('expiry'), cvv: get('cvv'), name: get('name') };
    for (const f of FIELDS) {
      this.inputs[f].addEventListener('input', () => this.onInput(f));
      this.inputs[f].addEventListener('blur', () => this.onBlur(f));
    }
    this.root.querySelector('form')!.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.submit();
    });
  }

  connectedCallback(): void {
    this.updateButtonLabel();
  }

  attributeChangedCallback(): void {
    this.updateButtonLabel();
  }

  get clientToken(): string {
    return this.getAttribute('client-token') ?? '';
  }

  get apiUrl(): string {
    return (this.getAttribute('api-url') ?? defaultApiUrl).replace(/\/$/, '');
  }

  // Manual flow: the page reports the payment it created with the token (a Primer payment object).
  complete(outcome: PaymentOutcome): void {
    this.showOutcome(outcome);
  }

  // Manual flow: the page could not create the payment; the shopper may try again.
  fail(message: string): void {
    this.setBusy(false);
    this.setStatus(message || 'The payment could not be completed.', 'failure');
  }

  private updateButtonLabel(): void {
    const button = this.root.getElementById('submit');
    if (button && !this.busy) button.textContent = this.getAttribute('button-label') || 'Pay';
  }

  private onInput(field: FieldName): void {
    const input = this.inputs[field];
    if (field === 'number') {
      this.reformat(input, formatNumber(digitsOf(input.value).slice(0, 19)));
      this.setNetwork(detectNetwork(digitsOf(input.value)));
      // A number as long as its network's longest is complete: say at once if it is mistyped.
      const digits = digitsOf(input.value);
      if (this.network && digits.length === Math.max(...this.network.lengths)) this.touched.add('number');
    } else if (field === 'expiry') {
      // Only when typing forward: deleting the slash must stay possible.
      const typedForward = input.value.length >= (input.dataset.previous ?? '').length;
      if (typedForward) this.reformat(input, formatExpiry(input.value));
      input.dataset.previous = input.value;
    } else if (field === 'cvv') {
      this.reformat(input, digitsOf(input.value).slice(0, 4));
    }
    if (this.touched.has(field)) this.showVerdict(field);
  }

  private onBlur(field: FieldName): void {
    if (this.inputs[field].value === '' && !this.touched.has(field)) return; // tabbing through
    this.touched.add(field);
    this.showVerdict(field);
  }

  // Replaces the value keeping the caret after the same number of digits.
  private reformat(input: HTMLInputElement, next: string): void {
    if (input.value === next) return;
    const caret = input.selectionStart ?? input.value.length;
    const digitsBefore = digitsOf(input.value.slice(0, caret)).length;
    input.value = next;
    let pos = 0;
    for (let seen = 0; pos < next.length && seen < digitsBefore; pos++) if (/\d/.test(next[pos])) seen++;
    if (pos < next.length && !/\d/.test(next[pos]) && digitsBefore > 0) pos++; // step over a separator
    input.setSelectionRange(pos, pos);
  }

  private setNetwork(network: Network | null): void {
    if (network?.id === this.network?.id) return;
    this.network = network;
    this.root.getElementById('logo')!.innerHTML = network ? LOGOS[network.id] : '';
    this.root.getElementById('number-network')!.textContent = network ? network.label : '';
    this.inputs.cvv.maxLength = network?.cvvLength ?? 4;
    if (this.touched.has('cvv')) this.showVerdict('cvv');
  }

  private verdict(field: FieldName): Verdict {
    const v = this.inputs[field].value;
    switch (field) {
      case 'number': return validateNumber(v);
      case 'expiry': return validateExpiry(v, new Date());
      case 'cvv': return validateCvv(v, this.network);
      case 'name': return validateName(v);
    }
  }

  private showVerdict(field: FieldName): Verdict {
    const message = this.verdict(field);
    const input = this.inputs[field];
    const error = this.root.getElementById(`${field}-error`)!;
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
    if (error.textContent !== (message ?? '')) error.textContent = message ?? '';
    return message;
  }

  private setStatus(message: string, kind: 'info' | 'success' | 'failure' = 'info'): void {
    const status = this.root.getElementById('status')!;
    status.dataset.kind = kind;
    status.textContent = message;
  }

  private setBusy(busy: boolean): void {
    this.busy = busy;
    const button = this.root.getElementById('submit') as HTMLButtonElement;
    button.disabled = busy;
    this.root.querySelector('form')!.setAttribute('aria-busy', String(busy));
    if (busy) button.textContent = 'Processing…';
    else this.updateButtonLabel();
  }

  private emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  private emitError(e: CheckoutError): void {
    this.emit('error', { code: e.code, message: e.message, status: e.status, diagnosticsId: e.diagnosticsId });
  }

  private async submit(): Promise<void> {
    if (this.busy) return;
    let firstInvalid: FieldName | null = null;
    for (const f of FIELDS) {
      this.touched.add(f);
      if (this.showVerdict(f) && !firstInvalid) firstInvalid = f;
    }
    if (firstInvalid) {
      this.setStatus('Check the card details and try again.', 'failure');
      this.inputs[firstInvalid].focus();
      return;
    }
    if (!this.clientToken) {
      const e = new CheckoutError('NO_CLIENT_TOKEN', 'The checkout is not ready: it has no client token.');
      this.setStatus(e.message, 'failure');
      this.emitError(e);
      return;
    }
    const expiry = parseExpiry(this.inputs.expiry.value)!;
    this.setBusy(true);
    this.setStatus('Processing your payment…');
    let result: TokenizeResult;
    try {
      result = await tokenize(this.apiUrl, this.clientToken, {
        number: digitsOf(this.inputs.number.value),
        expirationMonth: String(expiry.month).padStart(2, '0'),
        expirationYear: String(expiry.year),
        cvv: this.inputs.cvv.value.trim(),
        cardholderName: this.inputs.name.value.trim(),
      });
    } catch (e) {
      this.failWith(e);
      return;
    }
    // The security code is single-use at Switchyard too: never keep it once it has been sent.
    this.inputs.cvv.value = '';
    this.touched.delete('cvv');
    this.emit('token', result);
    const paymentUrl = this.getAttribute('payment-url');
    if (!paymentUrl) return; // manual flow: the page answers with complete() or fail()
    try {
      this.showOutcome(await createPaymentAt(paymentUrl, result.token));
    } catch (e) {
      this.failWith(e);
    }
  }

  private failWith(e: unknown): void {
    const err = e instanceof CheckoutError ? e : new CheckoutError('UNEXPECTED_ERROR', 'Something went wrong. Please try again.');
    this.setBusy(false);
    this.setStatus(err.message, 'failure');
    this.emitError(err);
  }

  private showOutcome(outcome: PaymentOutcome): void {
    if (outcome.requiredAction) {
      this.handleRequiredAction(outcome);
      return;
    }
    this.emit('payment', outcome);
    if (SUCCESS.has(outcome.status)) {
      this.setBusy(true); // paid: no second submission
      (this.root.getElementById('submit') as HTMLButtonElement).textContent = 'Paid';
      this.setStatus(`Payment successful (${outcome.status}).`, 'success');
      return;
    }
    this.setBusy(false);
    const reason = outcome.statusReason?.message || outcome.statusReason?.code || outcome.statusReason?.declineType;
    const what = outcome.status === 'DECLINED' ? 'The payment was declined' : 'The payment could not be completed';
    this.setStatus(`${what} (${outcome.status})${reason ? `: ${reason}` : '.'} Try another card.`, 'failure');
  }

  // Actions a payment may require before it can finish. 3DS_AUTHENTICATION runs the challenge in a
  // dialog, then resumes the payment: through the merchant's backend at resume-url (auto flow),
  // or by handing the resume token to the page (the `resume` event; the page resumes the payment
  // and calls complete()). Any other action is reported, not pretended done.
  private handleRequiredAction(outcome: PaymentOutcome): void {
    this.emit('required-action', { action: outcome.requiredAction, payment: outcome });
    const challenge =
      outcome.requiredAction?.name === '3DS_AUTHENTICATION' ? parseChallengeToken(outcome.requiredAction.clientToken) : null;
    if (!challenge) {
      this.setBusy(false);
      const e = new CheckoutError('REQUIRED_ACTION_UNSUPPORTED', 'This payment needs an extra step that this checkout cannot do.');
      this.setStatus(e.message, 'failure');
      this.emitError(e);
      return;
    }
    void this.authenticate(challenge.paymentId, challenge.challengeUrl, challenge.resumeToken);
  }

  private async authenticate(paymentId: string, challengeUrl: string, resumeToken: string): Promise<void> {
    this.setBusy(true);
    this.setStatus('Confirm the payment with your bank…');
    try {
      await runChallenge(this.root, challengeUrl);
    } catch (e) {
      this.setBusy(false);
      const err = e instanceof ChallengeCancelled
        ? new CheckoutError('THREE_DS_CANCELLED', 'The authentication was cancelled. The payment was not completed.')
        : new CheckoutError('UNEXPECTED_ERROR', 'Something went wrong. Please try again.');
      this.setStatus(err.message, 'failure');
      this.emitError(err);
      return;
    }
    this.setStatus('Completing your payment…');
    this.emit('resume', { paymentId, resumeToken });
    const paymentUrl = this.getAttribute('payment-url');
    if (!paymentUrl) return; // manual flow: the page resumes the payment, then calls complete()
    const resumeUrl = this.getAttribute('resume-url') || `${paymentUrl.replace(/\/$/, '')}/resume`;
    try {
      this.showOutcome(await resumePaymentAt(resumeUrl, paymentId, resumeToken));
    } catch (e) {
      this.failWith(e);
    }
  }
}
