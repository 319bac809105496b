import t from 'tap';
import { loadProtobufRoot, loadRaftProto, PROTO_LOADER_OPTIONS } from '../../proto/load.ts';

t.test('decoding follows the documented options', async (t) => {
  const method = loadRaftProto().covey.v1.RaftService.service.Stream;
  const big = 2 ** 40 + 3;
  const frame = method.requestSerialize({
    messages: [
      {
        from: 'a',
        to: 'b',
        term: big,
        app: { index: 1, entries: [{ term: 2, index: 3, type: 1, data: Buffer.from('xyz') }] },
      },
      { from: 'a', to: 'b', timeoutNow: {} },
    ],
  });
  const [first, second] = method.requestDeserialize(frame).messages;
  t.equal(first?.term, big, 'uint64 decodes to an exact JS number');
  t.equal(first?.body, 'app', 'the oneof member is named in body');
  t.equal(first?.app?.logTerm, 0, 'a scalar left at zero reads as 0 (defaults on)');
  t.equal(first?.app?.commit, 0);
  const entry = first?.app?.entries[0];
  t.equal(entry?.type, 1, 'enums decode as numbers');
  t.ok(Buffer.isBuffer(entry?.data), 'bytes decode as Buffer');
  t.equal(entry?.data.toString(), 'xyz');
  t.equal(second?.body, 'timeoutNow', 'an empty oneof member is still present');
  t.equal(second?.term, 0);
  t.equal(second?.app, undefined, 'oneof members that are not set stay absent');
});

t.test('uint64 values above 2^53 lose precision on decode (which is why decoders reject them)', async (t) => {
  const method = loadRaftProto().covey.v1.RaftService.service.Stream;
  const frame = method.requestSerialize({ messages: [{ from: 'a', to: 'b', term: '18446744073709551615' }] });
  const term = method.requestDeserialize(frame).messages[0]?.term;
  t.ok(typeof term === 'number' && !Number.isSafeInteger(term), `decoded as the unsafe number ${term}`);
});

t.test('protobufjs reflection uses the same camelCase field names as proto-loader', async (t) => {
  const root = loadProtobufRoot(['covey/v1/raft.proto']);
  const fields = Object.keys(root.lookupType('covey.v1.RaftAppendResponse').fields);
  t.same(fields.sort(), ['index', 'logTerm', 'reject', 'rejectHint']);
  t.equal(PROTO_LOADER_OPTIONS.keepCase, false);
});

// That proto/gen is up to date with the .proto files is checked in api.test.ts (regenerate.ts).
