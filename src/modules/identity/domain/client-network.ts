import ipaddr from 'ipaddr.js';

/**
 * The network a client address stands for when counting sign-in failures: the address itself for
 * IPv4, its /64 for IPv6 — one subscriber usually holds a whole /64, so counting single IPv6
 * addresses would let one attacker spray from 2^64 of them.
 */
export function clientNetworkOf(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') return address.toString();
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((part) => part.toString(16)).join(':')}::/64`;
}
