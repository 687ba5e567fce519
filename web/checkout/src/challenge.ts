// 3-D Secure in the checkout (docs/checkout.md, "3-D Secure"): a payment that answers
// requiredAction 3DS_AUTHENTICATION carries a client token naming the challenge page and the resume
// token. The component shows the page in a modal dialog (an iframe), waits until the page the
// challenge returns to (Switchyard's /checkout/3ds/return) posts {"type":"switchyard-3ds-complete"},
// and then the payment is resumed with the resume token — by the merchant's backend (auto flow) or
// by the page (manual flow, the `resume` event).

export interface Challenge {
  paymentId: string;
  challengeUrl: string;
  resumeToken: string;
}

export const COMPLETE_MESSAGE = 'switchyard-3ds-complete';

// Reads the client token of a 3DS_AUTHENTICATION required action: base64 of
// {"type":"3DS_CHALLENGE","paymentId","challengeUrl","resumeToken"}. null when it is not one
// (another kind of token, or damaged), or when the challenge URL is not http(s).
export function parseChallengeToken(clientToken: string | undefined): Challenge | null {
  if (!clientToken) return null;
  let value: unknown;
  try {
    value = JSON.parse(atob(clientToken));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (v.type !== '3DS_CHALLENGE') return null;
  const { paymentId, challengeUrl, resumeToken } = v;
  if (typeof paymentId !== 'string' || typeof challengeUrl !== 'string' || typeof resumeToken !== 'string') return null;
  if (!paymentId || !resumeToken) return null;
  let url: URL;
  try {
    url = new URL(challengeUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  return { paymentId, challengeUrl: url.href, resumeToken };
}

// True when a window message says the challenge framed in `frame` has ended.
export function isCompletion(data: unknown, source: unknown, frame: unknown): boolean {
  return (
    source !== null && source === frame && typeof data === 'object' && data !== null &&
    (data as Record<string, unknown>).type === COMPLETE_MESSAGE
  );
}

export class ChallengeCancelled extends Error {}

// Shows the challenge in a modal dialog inside `root` and resolves once it has ended; rejects with
// ChallengeCancelled when the shopper closes the dialog (button or Escape). The dialog takes the
// focus (a modal <dialog> keeps keyboard focus inside it) and gives it back when it closes.
export function runChallenge(root: ShadowRoot, challengeUrl: string): Promise<void> {
  const dialog = document.createElement('dialog');
  dialog.className = 'challenge';
  dialog.setAttribute('aria-labelledby', 'challenge-title');
  dialog.innerHTML = `
    <h2 id="challenge-title">Confirm the payment with your bank</h2>
    <p class="hint">Your bank asks you to confirm this payment (3-D Secure).</p>
    <iframe title="3-D Secure authentication" referrerpolicy="no-referrer"></iframe>
    <button type="button" class="cancel" autofocus>Cancel</button>`;
  const frame = dialog.querySelector('iframe') as HTMLIFrameElement;
  const cancel = dialog.querySelector('.cancel') as HTMLButtonElement;
  const previous = (root.activeElement ?? document.activeElement) as HTMLElement | null;
  root.appendChild(dialog);
  frame.src = challengeUrl;

  return new Promise<void>((resolve, reject) => {
    const finish = (ok: boolean) => {
      window.removeEventListener('message', onMessage);
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      dialog.remove();
      previous?.focus?.();
      if (ok) resolve();
      else reject(new ChallengeCancelled('The authentication was cancelled.'));
    };
    const onMessage = (event: MessageEvent) => {
      if (isCompletion(event.data, event.source, frame.contentWindow)) finish(true);
    };
    const onCancel = (event: Event) => {
      event.preventDefault();
      finish(false);
    };
    window.addEventListener('message', onMessage);
    dialog.addEventListener('cancel', onCancel); // Escape
    cancel.addEventListener('click', () => finish(false));
    // The focus starts on Cancel (autofocus), in this document: Escape closes the dialog from
    // here, and Tab moves into the bank's page (a key pressed inside that cross-origin frame
    // stays there).
    if (typeof dialog.showModal === 'function') dialog.showModal();
    else dialog.setAttribute('open', '');
    cancel.focus();
  });
}
