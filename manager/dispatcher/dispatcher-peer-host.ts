// The host part of grpc-js's `call.getPeer()`, stored as the node's status.addr (where the manager
// saw the agent come from, as SwarmKit records it). getPeer() gives `address:port` with no brackets
// around IPv6 addresses, or 'unknown'.

/** '' when the peer is unknown; IPv4-mapped IPv6 addresses are given as plain IPv4. */
export function peerHost(peer: string): string {
  if (peer === '' || peer === 'unknown') return '';
  let host = peer;
  const colon = peer.lastIndexOf(':');
  if (colon > 0 && /^\d+$/.test(peer.slice(colon + 1))) host = peer.slice(0, colon);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host.toLowerCase().startsWith('::ffff:') && host.includes('.')) host = host.slice('::ffff:'.length);
  return host;
}
