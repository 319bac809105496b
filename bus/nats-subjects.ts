// The NATS subjects of the bus: `<prefix>.logs.<serviceId>.<taskId>` (one subject per task, so the
// stream's per-subject limit is a per-task limit) and `<prefix>.events.<type>.<objectId>`.
import { EventType, type EventType__Output } from '../proto/gen/covey/v1/EventType.ts';
import { subjectTokenProblem } from './subject-token.ts';

export const DEFAULT_BUS_PREFIX = 'covey';

const EVENT_TYPE_TOKENS: Readonly<Record<EventType__Output, string>> = Object.freeze({
  [EventType.EVENT_TYPE_UNKNOWN]: 'unknown',
  [EventType.EVENT_TYPE_SERVICE]: 'service',
  [EventType.EVENT_TYPE_TASK]: 'task',
  [EventType.EVENT_TYPE_NODE]: 'node',
  [EventType.EVENT_TYPE_CLUSTER]: 'cluster',
});

/** Why `prefix` cannot start the bus's subjects (tokens joined by '.'), or undefined. */
export function subjectPrefixProblem(prefix: string): string | undefined {
  for (const token of prefix.split('.')) {
    const problem = subjectTokenProblem(token);
    if (problem !== undefined) return `token "${token}" ${problem}`;
  }
  return undefined;
}

export class BusSubjects {
  constructor(readonly prefix: string) {}

  /** Every log subject: the logs stream's subjects. */
  get allLogs(): string {
    return `${this.prefix}.logs.>`;
  }

  /** Every event subject: the events stream's subjects. */
  get allEvents(): string {
    return `${this.prefix}.events.>`;
  }

  log(serviceId: string, taskId: string): string {
    return `${this.prefix}.logs.${serviceId}.${taskId}`;
  }

  /** Every task of one service. */
  serviceLogs(serviceId: string): string {
    return `${this.prefix}.logs.${serviceId}.*`;
  }

  event(type: EventType__Output, objectId: string): string {
    return `${this.prefix}.events.${EVENT_TYPE_TOKENS[type]}.${objectId}`;
  }

  /** Every event of one type. */
  eventsOfType(type: EventType__Output): string {
    return `${this.prefix}.events.${EVENT_TYPE_TOKENS[type]}.*`;
  }
}
