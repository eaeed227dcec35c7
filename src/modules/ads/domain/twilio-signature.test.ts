import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { isTwilioSignatureValid, twilioSignature } from './twilio-signature.js';

// The example of Twilio's security page: auth token 12345, a Voice request's parameters.
const authToken = '12345';
const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const params = {
  CallSid: 'CA1234567890ABCDE',
  Caller: '+12349013030',
  Digits: '1234',
  From: '+12349013030',
  To: '+18005551212',
};

describe('Twilio request signatures', () => {
  it("computes the documented example's signature", () => {
    expect(twilioSignature(authToken, url, params)).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
  });

  it("agrees with the official SDK's validateRequest", () => {
    const signature = twilioSignature(authToken, url, params);
    expect(twilio.validateRequest(authToken, signature, url, params)).toBe(true);
  });

  it('refuses another token, URL or parameter value', () => {
    const signature = twilioSignature(authToken, url, params);
    expect(isTwilioSignatureValid(authToken, signature, url, params)).toBe(true);
    expect(isTwilioSignatureValid('54321', signature, url, params)).toBe(false);
    expect(isTwilioSignatureValid(authToken, signature, `${url}&x=1`, params)).toBe(false);
    expect(isTwilioSignatureValid(authToken, signature, url, { ...params, Digits: '1235' })).toBe(
      false,
    );
    expect(isTwilioSignatureValid(authToken, 'short', url, params)).toBe(false);
  });
});
