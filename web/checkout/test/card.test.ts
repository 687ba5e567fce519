import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  detectNetwork, formatExpiry, formatNumber, luhnValid, messages, parseExpiry,
  validateCvv, validateExpiry, validateName, validateNumber,
} from '../src/card';

describe('detectNetwork', () => {
  const cases: Array<[string, string]> = [
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
  ];
  for (const [number, id] of cases) {
    it(`${number} is ${id}`, () => assert.equal(detectNetwork(number)?.id, id));
  }

  it('needs enough digits to tell', () => {
    assert.equal(detectNetwork(''), null);
    assert.equal(detectNetwork('3'), null);
    assert.equal(detectNetwork('35'), null); // JCB needs four digits
    assert.equal(detectNetwork('4')?.id, 'VISA');
  });

  it('does not take 2721 or 1234 for anything', () => {
    assert.equal(detectNetwork('2721000000000000'), null);
    assert.equal(detectNetwork('1234567812345678'), null);
  });
});

describe('luhnValid', () => {
  it('accepts valid numbers and rejects a changed digit', () => {
    assert.equal(luhnValid('4111111111111111'), true);
    assert.equal(luhnValid('378282246310005'), true);
    assert.equal(luhnValid('4111111111111112'), false);
    assert.equal(luhnValid(''), false);
    assert.equal(luhnValid('41x1'), false);
  });
});

describe('validateNumber', () => {
  it('accepts spaces and dashes', () => {
    assert.equal(validateNumber('4111 1111-1111 1111'), null);
  });
  it('names what is wrong', () => {
    assert.equal(validateNumber('  '), messages.numberMissing);
    assert.equal(validateNumber('4111a'), messages.numberChars);
    assert.equal(validateNumber('411111111111'), messages.numberShort);
    assert.equal(validateNumber('41111111111111111111'), messages.numberLong);
    assert.equal(validateNumber('4111111111111112'), messages.numberLuhn);
  });
  it('checks the length the network allows', () => {
    assert.equal(validateNumber('37828224631000'), messages.numberShort); // Amex has 15
    assert.equal(validateNumber('3782822463100050'), messages.numberLong);
    assert.equal(validateNumber('41111111111111'), messages.numberShort); // Visa: 13, 16, 19
  });
});

describe('expiry', () => {
  const now = new Date(2026, 4, 15); // 15 May 2026
  it('parses the shapes shoppers type', () => {
    assert.deepEqual(parseExpiry('05/27'), { month: 5, year: 2027 });
    assert.deepEqual(parseExpiry('5 / 2027'), { month: 5, year: 2027 });
    assert.deepEqual(parseExpiry('0527'), { month: 5, year: 2027 });
    assert.equal(parseExpiry('05-27'), null);
  });
  it('is valid through the end of its month', () => {
    assert.equal(validateExpiry('05/26', now), null);
    assert.equal(validateExpiry('04/26', now), messages.expiryPast);
    assert.equal(validateExpiry('12/25', now), messages.expiryPast);
  });
  it('names a bad month, a bad shape, a missing value, a far future', () => {
    assert.equal(validateExpiry('13/27', now), messages.expiryMonth);
    assert.equal(validateExpiry('00/27', now), messages.expiryMonth);
    assert.equal(validateExpiry('5/2', now), messages.expiryFormat);
    assert.equal(validateExpiry('', now), messages.expiryMissing);
    assert.equal(validateExpiry('01/2050', now), messages.expiryFar);
  });
  it('formats as MM/YY while typing', () => {
    assert.equal(formatExpiry('1'), '1');
    assert.equal(formatExpiry('4'), '04/');
    assert.equal(formatExpiry('12'), '12/');
    assert.equal(formatExpiry('1230'), '12/30');
    assert.equal(formatExpiry('12/3099'), '12/30');
  });
});

describe('validateCvv', () => {
  const visa = detectNetwork('4111');
  const amex = detectNetwork('37');
  it('wants 3 digits, 4 for American Express', () => {
    assert.equal(validateCvv('123', visa), null);
    assert.equal(validateCvv('12', visa), messages.cvvLength(3));
    assert.equal(validateCvv('123', amex), messages.cvvLength(4));
    assert.equal(validateCvv('1234', amex), null);
    assert.equal(validateCvv('12a', visa), messages.cvvChars);
    assert.equal(validateCvv('', null), messages.cvvMissing);
  });
});

describe('validateName and formatNumber', () => {
  it('needs a name', () => {
    assert.equal(validateName(' '), messages.nameMissing);
    assert.equal(validateName('Ann Lee'), null);
    assert.equal(validateName('x'.repeat(101)), messages.nameLong);
  });
  it('groups digits as printed on the card', () => {
    assert.equal(formatNumber('4111111111111111'), '4111 1111 1111 1111');
    assert.equal(formatNumber('378282246310005'), '3782 822463 10005');
    assert.equal(formatNumber('41111'), '4111 1');
  });
});
