// Whole listings across pages (a page may end early; only an empty token ends the listing).
import type { ControlClient } from '../control-client.ts';
import type { Node__Output } from '../../proto/gen/covey/v1/Node.ts';
import type { NodeFilters } from '../../proto/gen/covey/v1/NodeFilters.ts';
import type { Service__Output } from '../../proto/gen/covey/v1/Service.ts';
import type { ServiceFilters } from '../../proto/gen/covey/v1/ServiceFilters.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import type { TaskFilters } from '../../proto/gen/covey/v1/TaskFilters.ts';

async function collect<T>(page: (token: string) => Promise<{ items: T[]; next: string }>): Promise<T[]> {
  const all: T[] = [];
  let token = '';
  do {
    const { items, next } = await page(token);
    all.push(...items);
    token = next;
  } while (token !== '');
  return all;
}

export function listAllServices(
  client: ControlClient,
  filters: ServiceFilters = {},
): Promise<Service__Output[]> {
  return collect(async (pageToken) => {
    const r = await client.listServices({ filters, pageToken, pageSize: 1000 });
    return { items: r.services, next: r.nextPageToken };
  });
}

export function listAllTasks(client: ControlClient, filters: TaskFilters = {}): Promise<Task__Output[]> {
  return collect(async (pageToken) => {
    const r = await client.listTasks({ filters, pageToken, pageSize: 1000 });
    return { items: r.tasks, next: r.nextPageToken };
  });
}

export function listAllNodes(client: ControlClient, filters: NodeFilters = {}): Promise<Node__Output[]> {
  return collect(async (pageToken) => {
    const r = await client.listNodes({ filters, pageToken, pageSize: 1000 });
    return { items: r.nodes, next: r.nextPageToken };
  });
}
