import t from 'tap';
import { formatEventJson, formatEventLine, rfc3339Nano } from '../../../cli/commands/event-line.ts';
import type { ClusterEvent__Output } from '../../../proto/gen/covey/v1/ClusterEvent.ts';
import { EventAction } from '../../../proto/gen/covey/v1/EventAction.ts';
import { EventType } from '../../../proto/gen/covey/v1/EventType.ts';

const event: ClusterEvent__Output = {
  version: 42,
  time: { seconds: Date.UTC(2026, 10, 23, 6, 10, 0) / 1000, nanos: 123_456_789 },
  type: EventType.EVENT_TYPE_SERVICE,
  action: EventAction.EVENT_ACTION_UPDATE,
  objectId: '4f2a9c',
  attributes: { 'updatestate.new': 'updating', name: 'web' },
};

t.test("Docker's line: UTC nanoseconds, type, action, ID, sorted attributes", async (t) => {
  t.equal(
    formatEventLine(event),
    '2026-11-23T06:10:00.123456789Z service update 4f2a9c (name=web, updatestate.new=updating)\n',
  );
  t.equal(
    formatEventLine({ ...event, attributes: {}, type: EventType.EVENT_TYPE_CLUSTER }),
    '2026-11-23T06:10:00.123456789Z cluster update 4f2a9c\n',
  );
  t.equal(rfc3339Nano({ seconds: 0, nanos: 5 }), '1970-01-01T00:00:00.000000005Z');
  t.equal(rfc3339Nano(null), '');
});

t.test('JSON: one object on one line', async (t) => {
  const line = formatEventJson(event);
  t.equal(line.split('\n').length, 2, 'one line and its newline');
  t.same(JSON.parse(line), {
    time: '2026-11-23T06:10:00.123456789Z',
    type: 'service',
    action: 'update',
    id: '4f2a9c',
    version: 42,
    attributes: { name: 'web', 'updatestate.new': 'updating' },
  });
});
