import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * The instance URL is user input the server then calls with a token: checked so it cannot aim
 * the server at itself or its private network (SSRF). https only, no credentials, path or query;
 * the host, and every address it resolves to, must be public. Loopback (and http on loopback)
 * only where the operator allows it for tests. Calls never follow redirects (salesforce-client.ts).
 */
export async function checkedInstanceUrl(
  input: string,
  allowLoopback: boolean,
): Promise<{ url: string } | { problem: string }> {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return { problem: 'is not a URL' };
  }
  if (url.username || url.password || url.search || url.hash || !['/', ''].includes(url.pathname))
    return { problem: 'must be the instance’s origin only, e.g. https://acme.my.salesforce.com' };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host)
    ? [host]
    : await lookup(host, { all: true }).then(
        (found) => found.map((entry) => entry.address),
        () => undefined,
      );
  if (!addresses || addresses.length === 0) return { problem: 'has a host that does not resolve' };
  const loopback = addresses.every(isLoopback);
  if (loopback && !allowLoopback) return { problem: 'must not be a loopback address' };
  if (!loopback && addresses.some(isPrivate))
    return { problem: 'must be a public host, not a private or reserved address' };
  if (url.protocol !== 'https:' && !(loopback && url.protocol === 'http:'))
    return { problem: 'must start with https://' };
  return { url: url.origin };
}

function isLoopback(address: string): boolean {
  return ipaddr.process(address).range() === 'loopback';
}

/**
 * Anything but a global unicast address: loopback, private, link-local (cloud metadata), CGNAT,
 * unspecified, multicast, reserved, and IPv6 forms that can carry one of them (6to4, Teredo…).
 */
export function isPrivate(address: string): boolean {
  return ipaddr.process(address).range() !== 'unicast';
}
