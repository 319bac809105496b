import t from 'tap';
import { parseEventFilters } from '../../../cli/commands/event-filters.ts';
import { FlagValueError } from '../../../cli/commands/flag-value-error.ts';
import { EventAction } from '../../../proto/gen/covey/v1/EventAction.ts';
import { EventType } from '../../../proto/gen/covey/v1/EventType.ts';

t.test('each key collects its values, once each', async (t) => {
  t.same(
    parseEventFilters([
      'type=service',
      'type=Node',
      'type=service',
      'event=remove',
      'service=web',
      'node=w1',
      'node=w2',
    ]),
    {
      types: [EventType.EVENT_TYPE_SERVICE, EventType.EVENT_TYPE_NODE],
      actions: [EventAction.EVENT_ACTION_REMOVE],
      services: ['web'],
      nodes: ['w1', 'w2'],
    },
  );
  t.same(parseEventFilters([]), { types: [], actions: [], services: [], nodes: [] });
});

t.test('unknown keys and values, or no value, are flag errors', async (t) => {
  for (const bad of ['colour=red', 'type=container', 'event=die', 'service=', 'type', '=x']) {
    t.throws(() => parseEventFilters([bad]), FlagValueError, bad);
  }
  const err = t.throws(() => parseEventFilters(['type=volume']));
  t.match(err, { flag: '--filter', value: 'type=volume' }, 'names the flag and the value');
});
