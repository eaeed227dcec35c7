import { describe, expect, it } from 'vitest';
import { checkedInstanceUrl, isPrivate } from './salesforce-instance.js';

describe('Salesforce instance URL', () => {
  it('takes a public https origin', async () => {
    expect(await checkedInstanceUrl('https://93.184.215.14/', false)).toEqual({
      url: 'https://93.184.215.14',
    });
  });

  it('refuses http, paths, credentials and private, link-local or loopback hosts', async () => {
    for (const input of [
      'http://93.184.215.14',
      'https://93.184.215.14/services/data',
      'https://user:secret@93.184.215.14',
      'https://10.0.0.5',
      'https://169.254.169.254',
      'https://[fd00::1]',
      'https://127.0.0.1',
      'https://localhost',
      'not a url',
    ])
      expect(await checkedInstanceUrl(input, false)).toHaveProperty('problem');
  });

  it('takes loopback, over http too, only when allowed (tests)', async () => {
    expect(await checkedInstanceUrl('http://127.0.0.1:8080', true)).toEqual({
      url: 'http://127.0.0.1:8080',
    });
    expect(await checkedInstanceUrl('http://10.0.0.5', true)).toHaveProperty('problem');
  });

  it('knows the reserved ranges', () => {
    expect(
      ['100.64.0.1', '172.16.3.4', '192.168.1.1', '::ffff:10.1.1.1', 'fe80::1'].every(isPrivate),
    ).toBe(true);
    expect(['8.8.8.8', '172.32.0.1', '2606:4700::1111'].some(isPrivate)).toBe(false);
  });
});
