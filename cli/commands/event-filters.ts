// `covey events --filter KEY=VALUE` as Docker takes it: entries of one key are alternatives, different
// keys must all match. type and event map onto the request; service and node names the caller resolves.
import { EventAction } from '../../proto/gen/covey/v1/EventAction.ts';
import { EventType } from '../../proto/gen/covey/v1/EventType.ts';
import { FlagValueError } from './flag-value-error.ts';

export interface EventFilterFlags {
  readonly types: EventType[];
  readonly actions: EventAction[];
  /** Service names, IDs or ID prefixes, as given. */
  readonly services: string[];
  /** Node hostnames, IDs or ID prefixes, as given. */
  readonly nodes: string[];
}

const TYPES: Readonly<Record<string, EventType>> = {
  service: EventType.EVENT_TYPE_SERVICE,
  task: EventType.EVENT_TYPE_TASK,
  node: EventType.EVENT_TYPE_NODE,
  cluster: EventType.EVENT_TYPE_CLUSTER,
};

const ACTIONS: Readonly<Record<string, EventAction>> = {
  create: EventAction.EVENT_ACTION_CREATE,
  update: EventAction.EVENT_ACTION_UPDATE,
  remove: EventAction.EVENT_ACTION_REMOVE,
};

const EXPECTED = `type=${Object.keys(TYPES).join('|')}, event=${Object.keys(ACTIONS).join('|')}, service=NAME or node=NAME`;

export function parseEventFilters(entries: readonly string[]): EventFilterFlags {
  const filters: EventFilterFlags = { types: [], actions: [], services: [], nodes: [] };
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const key = entry.slice(0, Math.max(eq, 0)).trim().toLowerCase();
    const value = entry.slice(eq + 1).trim();
    if (eq < 0 || value === '') throw new FlagValueError('--filter', entry, EXPECTED);
    const add = <T>(list: T[], v: T | undefined): void => {
      if (v === undefined) throw new FlagValueError('--filter', entry, EXPECTED);
      if (!list.includes(v)) list.push(v);
    };
    switch (key) {
      case 'type':
        add(filters.types, TYPES[value.toLowerCase()]);
        break;
      case 'event':
        add(filters.actions, ACTIONS[value.toLowerCase()]);
        break;
      case 'service':
        add(filters.services, value);
        break;
      case 'node':
        add(filters.nodes, value);
        break;
      default:
        throw new FlagValueError('--filter', entry, EXPECTED);
    }
  }
  return filters;
}
