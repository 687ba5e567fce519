// Small inline SVG marks per network, shown next to the number once the network is known. Drawn
// here (no image requests, nothing for a CSP img-src to allow); aria-hidden because the network's
// name is announced as text.
import type { NetworkId } from './card';

function mark(background: string, text: string, color = '#fff', size = 11): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 30" width="48" height="30" aria-hidden="true" focusable="false">` +
    `<rect width="48" height="30" rx="4" fill="${background}"/>` +
    `<text x="24" y="19" text-anchor="middle" font-family="Arial, sans-serif" font-weight="700" font-size="${size}" fill="${color}">${text}</text>` +
    `</svg>`
  );
}

const MASTERCARD =
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 30" width="48" height="30" aria-hidden="true" focusable="false">` +
  `<rect width="48" height="30" rx="4" fill="#222"/>` +
  `<circle cx="19" cy="15" r="9" fill="#eb001b"/><circle cx="29" cy="15" r="9" fill="#f79e1b" fill-opacity="0.9"/>` +
  `</svg>`;

export const LOGOS: Record<NetworkId, string> = {
  VISA: mark('#1a1f71', 'VISA', '#fff', 13),
  MASTERCARD,
  AMEX: mark('#2e77bc', 'AMEX'),
  DISCOVER: mark('#fff', 'DISCOVER', '#e65c00', 8),
  DINERS_CLUB: mark('#0079be', 'DINERS', '#fff', 9),
  JCB: mark('#0b7a3e', 'JCB'),
  UNIONPAY: mark('#d10429', 'UnionPay', '#fff', 9),
  MAESTRO: mark('#0099df', 'maestro', '#fff', 9),
};
