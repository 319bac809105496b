// The first configuration of a new group, written as committed conf-change entries at term 1 (as
// etcd does), so that a member added later learns the founding voters from the log itself.
import { encodeConfChange } from './confchange.ts';
import { ConfChangeType, type Entry, EntryType, type HardState, NONE, type NodeId } from './types.ts';

export interface Bootstrap {
  readonly entries: readonly Entry[];
  readonly hardState: HardState;
}

export function bootstrapEntries(voters: readonly NodeId[], context?: (id: NodeId) => Uint8Array): Bootstrap {
  if (voters.length === 0) throw new RangeError('bootstrap needs at least one voter');
  if (new Set(voters).size !== voters.length) throw new RangeError('bootstrap voters must be distinct');
  const entries = voters.map((nodeId, i) => ({
    term: 1,
    index: i + 1,
    type: EntryType.ConfChange,
    data: encodeConfChange({
      type: ConfChangeType.AddVoter,
      nodeId,
      context: context?.(nodeId) ?? new Uint8Array(0),
    }),
  }));
  return { entries, hardState: { term: 1, vote: NONE, commit: entries.length } };
}
