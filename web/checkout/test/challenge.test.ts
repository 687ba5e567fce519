import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMPLETE_MESSAGE, isCompletion, parseChallengeToken } from '../src/challenge';

const token = (o: unknown) => btoa(JSON.stringify(o));
const good = {
  type: '3DS_CHALLENGE',
  paymentId: 'pay_1',
  challengeUrl: 'http://127.0.0.1:4242/3ds/challenge/pi_1',
  resumeToken: '7d3b2c1e-6a4f-4b8e-9c0d-1e2f3a4b5c6d',
};

describe('parseChallengeToken', () => {
  it('reads the challenge of a 3DS_AUTHENTICATION client token', () => {
    assert.deepEqual(parseChallengeToken(token(good)), {
      paymentId: 'pay_1',
      challengeUrl: 'http://127.0.0.1:4242/3ds/challenge/pi_1',
      resumeToken: good.resumeToken,
    });
  });

  it('refuses tokens that are not a challenge', () => {
    assert.equal(parseChallengeToken(undefined), null);
    assert.equal(parseChallengeToken(''), null);
    assert.equal(parseChallengeToken('not base64 !'), null);
    assert.equal(parseChallengeToken(btoa('not json')), null);
    assert.equal(parseChallengeToken(token({ ...good, type: 'OTHER' })), null);
    assert.equal(parseChallengeToken(token({ ...good, resumeToken: 7 })), null);
    assert.equal(parseChallengeToken(token({ ...good, paymentId: '' })), null);
  });

  it('opens only http(s) challenge pages', () => {
    assert.equal(parseChallengeToken(token({ ...good, challengeUrl: 'javascript:alert(1)' })), null);
    assert.equal(parseChallengeToken(token({ ...good, challengeUrl: 'data:text/html,x' })), null);
    assert.equal(parseChallengeToken(token({ ...good, challengeUrl: '/relative' })), null);
    assert.equal(parseChallengeToken(token({ ...good, challengeUrl: 'https://acs.example/c' }))?.challengeUrl,
      'https://acs.example/c');
  });
});

describe('isCompletion', () => {
  const frame = {};
  it('accepts the completion message from the challenge frame only', () => {
    assert.equal(isCompletion({ type: COMPLETE_MESSAGE }, frame, frame), true);
    assert.equal(isCompletion({ type: COMPLETE_MESSAGE }, {}, frame), false);
    assert.equal(isCompletion({ type: 'other' }, frame, frame), false);
    assert.equal(isCompletion('switchyard-3ds-complete', frame, frame), false);
    assert.equal(isCompletion({ type: COMPLETE_MESSAGE }, null, null), false);
  });
});
