import { describe, expect, it } from 'vitest';
import {
  detectNetwork, formatExpiry, formatNumber, luhnValid, messages, parseExpiry,
  validateCvv, validateExpiry, validateName, validateNumber,
} from '../src/card';

describe('detectNetwork', () => {
  it.each([
    ['4111111111111111', 'VISA'],
    ['5555555555554444', 'MASTERCARD'],
    ['2223003122003222', 'MASTERCARD'],
    ['378282246310005', 'AMEX'],
    ['341111111111111', 'AMEX'],
    ['6011111111111117', 'DISCOVER'],
    ['30569309025904', 'DINERS_CLUB'],
    ['3530111333300000', 'JCB'],
    ['6200000000000005', 'UNIONPAY'],
    ['6759649826438453', 'MAESTRO'],
  ])('%s is %s', (number, id) => {
    expect(detectNetwork(number)?.id).toBe(id);
  });

  it('needs enough digits to tell', () => {
    expect(detectNetwork('')).toBeNull();
    expect(detectNetwork('3')).toBeNull();
    expect(detectNetwork('35')).toBeNull(); // JCB needs four digits
    expect(detectNetwork('4')?.id).toBe('VISA');
  });

  it('does not take 2721 or 1234 for anything', () => {
    expect(detectNetwork('2721000000000000')).toBeNull();
    expect(detectNetwork('1234567812345678')).toBeNull();
  });
});

describe('luhnValid', () => {
  it('accepts valid numbers and rejects a changed digit', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('378282246310005')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('')).toBe(false);
    expect(luhnValid('41x1')).toBe(false);
  });
});

describe('validateNumber', () => {
  it('accepts spaces and dashes', () => {
    expect(validateNumber('4111 1111-1111 1111')).toBeNull();
  });
  it('names what is wrong', () => {
    expect(validateNumber('  ')).toBe(messages.numberMissing);
    expect(validateNumber('4111a')).toBe(messages.numberChars);
    expect(validateNumber('411111111111')).toBe(messages.numberShort);
    expect(validateNumber('41111111111111111111')).toBe(messages.numberLong);
    expect(validateNumber('4111111111111112')).toBe(messages.numberLuhn);
  });
  it('checks the length the network allows', () => {
    expect(validateNumber('37828224631000')).toBe(messages.numberShort); // Amex has 15
    expect(validateNumber('3782822463100050')).toBe(messages.numberLong);
    expect(validateNumber('41111111111111')).toBe(messages.numberShort); // Visa: 13, 16, 19
  });
});

describe('expiry', () => {
  const now = new Date(2026, 4, 15); // 15 May 2026
  it('parses the shapes shoppers type', () => {
    expect(parseExpiry('05/27')).toEqual({ month: 5, year: 2027 });
    expect(parseExpiry('5 / 2027')).toEqual({ month: 5, year: 2027 });
    expect(parseExpiry('0527')).toEqual({ month: 5, year: 2027 });
    expect(parseExpiry('05-27')).toBeNull();
  });
  it('is valid through the end of its month', () => {
    expect(validateExpiry('05/26', now)).toBeNull();
    expect(validateExpiry('04/26', now)).toBe(messages.expiryPast);
    expect(validateExpiry('12/25', now)).toBe(messages.expiryPast);
  });
  it('names a bad month, a bad shape, a missing value, a far future', () => {
    expect(validateExpiry('13/27', now)).toBe(messages.expiryMonth);
    expect(validateExpiry('00/27', now)).toBe(messages.expiryMonth);
    expect(validateExpiry('5/2', now)).toBe(messages.expiryFormat);
    expect(validateExpiry('', now)).toBe(messages.expiryMissing);
    expect(validateExpiry('01/2050', now)).toBe(messages.expiryFar);
  });
  it('formats as MM/YY while typing', () => {
    expect(formatExpiry('1')).toBe('1');
    expect(formatExpiry('4')).toBe('04/');
    expect(formatExpiry('12')).toBe('12/');
    expect(formatExpiry('1230')).toBe('12/30');
    expect(formatExpiry('12/3099')).toBe('12/30');
  });
});

describe('validateCvv', () => {
  const visa = detectNetwork('4111');
  const amex = detectNetwork('37');
  it('wants 3 digits, 4 for American Express', () => {
    expect(validateCvv('123', visa)).toBeNull();
    expect(validateCvv('12', visa)).toBe(messages.cvvLength(3));
    expect(validateCvv('123', amex)).toBe(messages.cvvLength(4));
    expect(validateCvv('1234', amex)).toBeNull();
    expect(validateCvv('12a', visa)).toBe(messages.cvvChars);
    expect(validateCvv('', null)).toBe(messages.cvvMissing);
  });
});

describe('validateName and formatNumber', () => {
  it('needs a name', () => {
    expect(validateName(' ')).toBe(messages.nameMissing);
    expect(validateName('Ann Lee')).toBeNull();
    expect(validateName('x'.repeat(101))).toBe(messages.nameLong);
  });
  it('groups digits as printed on the card', () => {
    expect(formatNumber('4111111111111111')).toBe('4111 1111 1111 1111');
    expect(formatNumber('378282246310005')).toBe('3782 822463 10005');
    expect(formatNumber('41111')).toBe('4111 1');
  });
});
