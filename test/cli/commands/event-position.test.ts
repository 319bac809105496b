import t from 'tap';
import { EventPosition } from '../../../cli/commands/event-position.ts';
import type { ClusterEvent__Output } from '../../../proto/gen/covey/v1/ClusterEvent.ts';
import type { EventType__Output } from '../../../proto/gen/covey/v1/EventType.ts';
import { timestampFromMs } from '../../../proto/time.ts';

const e = (version: number, type: EventType__Output, objectId: string, ms = 1000): ClusterEvent__Output => ({
  version,
  time: timestampFromMs(ms),
  type,
  action: 2,
  objectId,
  attributes: {},
});

t.test('each (version, type, object) once; nothing older than the position', async (t) => {
  const p = new EventPosition();
  t.equal(p.lastTimeMs, undefined);
  t.ok(p.accept(e(5, 1, 'a', 1000)));
  t.ok(p.accept(e(5, 2, 'a', 1000)), 'same version and object, another type');
  t.ok(p.accept(e(5, 1, 'b', 1000)), 'same version, another object');
  t.notOk(p.accept(e(5, 1, 'a', 1000)), 'a repeat');
  t.notOk(p.accept(e(4, 1, 'z', 900)), 'older');
  t.ok(p.accept(e(6, 1, 'a', 2000)));
  t.notOk(p.accept(e(5, 1, 'c', 1000)), 'older than the newest version');
  t.equal(p.lastTimeMs, 2000);
  t.ok(p.accept(e(7, 1, 'a', 1500)), 'an older time (a delete stamped by another clock) still counts');
  t.equal(p.lastTimeMs, 2000, 'the position keeps the newest time');
});
