// Card data rules the checkout checks as the shopper types: network detection from the leading
// digits, lengths and security-code length per network, the Luhn checksum, and the expiry date.
// Pure functions (no DOM) so they are unit-tested directly; the server validates again.

export type NetworkId =
  | 'VISA'
  | 'MASTERCARD'
  | 'AMEX'
  | 'DISCOVER'
  | 'DINERS_CLUB'
  | 'JCB'
  | 'UNIONPAY'
  | 'MAESTRO';

export interface Network {
  id: NetworkId; // the spec's network names (as paymentInstrumentData.network)
  label: string; // what the shopper reads: "Visa"
  lengths: number[]; // valid numbers of digits
  cvvLength: number;
  gaps: number[]; // where the formatted number has a space: after 4, 8, 12 digits
}

interface Rule {
  network: Network;
  // Inclusive ranges of the number's first digits; each range's bounds have the same length.
  prefixes: Array<[number, number]>;
}

const FOUR = [4, 8, 12];
const AMEX_GAPS = [4, 10];

// Order matters only where ranges overlap: the first matching rule wins (Maestro's 6 after
// Discover's and UnionPay's).
const RULES: Rule[] = [
  { network: { id: 'VISA', label: 'Visa', lengths: [13, 16, 19], cvvLength: 3, gaps: FOUR }, prefixes: [[4, 4]] },
  {
    network: { id: 'MASTERCARD', label: 'Mastercard', lengths: [16], cvvLength: 3, gaps: FOUR },
    prefixes: [[51, 55], [2221, 2720]],
  },
  { network: { id: 'AMEX', label: 'American Express', lengths: [15], cvvLength: 4, gaps: AMEX_GAPS }, prefixes: [[34, 34], [37, 37]] },
  {
    network: { id: 'DISCOVER', label: 'Discover', lengths: [16, 19], cvvLength: 3, gaps: FOUR },
    prefixes: [[6011, 6011], [644, 649], [65, 65]],
  },
  {
    network: { id: 'DINERS_CLUB', label: 'Diners Club', lengths: [14, 16, 19], cvvLength: 3, gaps: [4, 10] },
    prefixes: [[300, 305], [36, 36], [38, 39]],
  },
  { network: { id: 'JCB', label: 'JCB', lengths: [16, 17, 18, 19], cvvLength: 3, gaps: FOUR }, prefixes: [[3528, 3589]] },
  { network: { id: 'UNIONPAY', label: 'UnionPay', lengths: [16, 17, 18, 19], cvvLength: 3, gaps: FOUR }, prefixes: [[62, 62]] },
  {
    network: { id: 'MAESTRO', label: 'Maestro', lengths: [12, 13, 14, 15, 16, 17, 18, 19], cvvLength: 3, gaps: FOUR },
    prefixes: [[50, 50], [56, 58], [6, 6]],
  },
];

const MIN_LENGTH = 12;
const MAX_LENGTH = 19;

// Only the digits of what was typed: shoppers type spaces and dashes.
export function digitsOf(text: string): string {
  return text.replace(/\D/g, '');
}

// The network whose prefixes match the start of `digits`, or null (unknown or too few digits).
export function detectNetwork(digits: string): Network | null {
  for (const rule of RULES) {
    for (const [lo, hi] of rule.prefixes) {
      const n = String(lo).length;
      if (digits.length < n) continue;
      const head = Number(digits.slice(0, n));
      if (head >= lo && head <= hi) return rule.network;
    }
  }
  return null;
}

// The Luhn (mod 10) checksum every card number carries in its last digit.
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

// "4111111111111111" -> "4111 1111 1111 1111" (Amex: "3782 822463 10005").
export function formatNumber(digits: string): string {
  const gaps = detectNetwork(digits)?.gaps ?? FOUR;
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (gaps.includes(i)) out += ' ';
    out += digits[i];
  }
  return out;
}

// A field's verdict: null when valid, else the message the shopper reads.
export type Verdict = string | null;

export const messages = {
  numberMissing: 'Enter the card number.',
  numberChars: 'The card number can only contain digits.',
  numberShort: 'The card number is incomplete.',
  numberLong: 'The card number is too long.',
  numberLuhn: 'The card number is not valid. Check it for typing mistakes.',
  expiryMissing: 'Enter the expiry date.',
  expiryFormat: 'Enter the expiry date as MM/YY.',
  expiryMonth: 'The expiry month must be between 01 and 12.',
  expiryPast: 'The card has expired.',
  expiryFar: 'The expiry date is too far in the future.',
  cvvMissing: 'Enter the security code.',
  cvvChars: 'The security code can only contain digits.',
  cvvLength: (n: number) => `The security code must be ${n} digits.`,
  nameMissing: 'Enter the name on the card.',
  nameLong: 'The name on the card is too long.',
};

export function validateNumber(text: string): Verdict {
  const trimmed = text.trim();
  if (trimmed === '') return messages.numberMissing;
  if (!/^[\d -]+$/.test(trimmed)) return messages.numberChars;
  const digits = digitsOf(trimmed);
  const network = detectNetwork(digits);
  const lengths = network?.lengths ?? [];
  const max = network ? Math.max(...lengths) : MAX_LENGTH;
  if (digits.length > max) return messages.numberLong;
  if (digits.length < MIN_LENGTH || (network && !lengths.includes(digits.length))) {
    return messages.numberShort;
  }
  return luhnValid(digits) ? null : messages.numberLuhn;
}

export interface Expiry {
  month: number; // 1..12
  year: number; // four digits
}

// "MM/YY", "MM / YY", "MMYY" or "MM/YYYY" -> {month, year}; null if it is not that shape.
export function parseExpiry(text: string): Expiry | null {
  const m = /^\s*(\d{1,2})\s*\/?\s*(\d{2}|\d{4})\s*$/.exec(text);
  if (!m) return null;
  const year = m[2].length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
  return { month: Number(m[1]), year };
}

// A card is valid through the last day of its expiry month. `now` is the shopper's clock.
export function validateExpiry(text: string, now: Date): Verdict {
  if (text.trim() === '') return messages.expiryMissing;
  const e = parseExpiry(text);
  if (!e) return messages.expiryFormat;
  if (e.month < 1 || e.month > 12) return messages.expiryMonth;
  const thisMonth = now.getFullYear() * 12 + now.getMonth();
  const expiryMonth = e.year * 12 + (e.month - 1);
  if (expiryMonth < thisMonth) return messages.expiryPast;
  if (e.year > now.getFullYear() + 20) return messages.expiryFar;
  return null;
}

// The code's length depends on the network (4 for American Express, else 3).
export function validateCvv(text: string, network: Network | null): Verdict {
  const cvv = text.trim();
  if (cvv === '') return messages.cvvMissing;
  if (!/^\d+$/.test(cvv)) return messages.cvvChars;
  const n = network?.cvvLength ?? 3;
  return cvv.length === n ? null : messages.cvvLength(n);
}

export function validateName(text: string): Verdict {
  const name = text.trim();
  if (name === '') return messages.nameMissing;
  return name.length > 100 ? messages.nameLong : null;
}

// "4 / 2030" -> "04/30" as the shopper types: a slash after the month, no more than MM/YY.
export function formatExpiry(text: string): string {
  const d = digitsOf(text).slice(0, 4);
  if (d.length === 1 && Number(d) > 1) return `0${d}/`;
  if (d.length < 2) return d;
  return `${d.slice(0, 2)}/${d.slice(2)}`;
}
