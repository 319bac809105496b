// peerHost: the host part of grpc-js getPeer() strings as they come from Node sockets.
import t from 'tap';
import { peerHost } from '../../../manager/dispatcher/dispatcher-peer-host.ts';

t.test('host of IPv4, IPv6 and mapped peers', async (t) => {
  t.equal(peerHost('127.0.0.1:51234'), '127.0.0.1');
  t.equal(peerHost('::1:51234'), '::1', 'grpc-js writes IPv6 without brackets');
  t.equal(peerHost('[fe80::1]:4240'), 'fe80::1');
  t.equal(peerHost('::ffff:10.0.0.7:4240'), '10.0.0.7', 'IPv4-mapped IPv6 is given as IPv4');
  t.equal(peerHost('10.0.0.7'), '10.0.0.7', 'no port');
  t.equal(peerHost('unknown'), '');
  t.equal(peerHost(''), '');
});
