// Recovery: reads the segments, picks the newest snapshot referenced by a marker that loads and that
// the log continues, and replays the entries after it (a lower index replaces the suffix, as etcd).
import { join } from 'node:path';
import { EMPTY_HARD_STATE, type Entry, type HardState, NONE, type Snapshot } from '../../../raft/types.ts';
import {
  type SnapshotAttempt,
  SnapshotCorruptError,
  SnapshotUnavailableError,
  WalCorruptError,
} from './errors.ts';
import { RecordType } from './record.ts';
import { decodeSegment, parseSegmentName, type SegmentContents, type SegmentName } from './segment.ts';
import type { WalFs } from './wal-fs.ts';

/** Decodes all segments of `walDir` in order; throws WalCorruptError on damage a crash cannot explain. */
export async function readSegments(fs: WalFs, walDir: string): Promise<SegmentContents[]> {
  const names: SegmentName[] = [];
  for (const f of await fs.readdir(walDir)) {
    const n = parseSegmentName(f);
    if (n !== undefined) names.push(n);
  }
  names.sort((a, b) => a.seq - b.seq);
  if (names.length === 0) throw new WalCorruptError(walDir, 0, 'no segment files');
  const out: SegmentContents[] = [];
  let prevCrc: number | undefined;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const expected = names[0]!.seq + i;
    if (name.seq !== expected) {
      throw new WalCorruptError(join(walDir, name.file), 0, `segment seq ${expected} is missing before it`);
    }
    const data = await fs.readFile(join(walDir, name.file));
    const seg = decodeSegment(
      { ...name, file: join(walDir, name.file) },
      data,
      i === names.length - 1,
      prevCrc,
    );
    out.push({ ...seg, name });
    prevCrc = seg.contentCrc;
  }
  return out;
}

export interface RecoveredLog {
  /** Normalised so that it never trails the snapshot or the log it comes with. */
  readonly hardState: HardState;
  readonly snapshot: Snapshot | undefined;
  /** Entries after the snapshot, ascending and contiguous. */
  readonly entries: Entry[];
  /** Newer snapshots that could not be used, and why. */
  readonly skipped: readonly SnapshotAttempt[];
}

interface Base {
  readonly index: number;
  readonly term: number;
}

type Replay =
  | { readonly ok: true; readonly entries: Entry[]; readonly hardState: HardState | undefined }
  | { readonly ok: false; readonly reason: string };

/**
 * Chooses the base snapshot and replays. Candidates are the markers, newest first, then (when no
 * marker sits at index 0) the empty start. A candidate is used when the log still reaches back to it,
 * no later marker replaced the log, and its file loads; otherwise the next older one is tried.
 */
export async function recoverLog(
  dir: string,
  walDir: string,
  segments: readonly SegmentContents[],
  loadSnapshot: (term: number, index: number) => Promise<Snapshot>,
): Promise<RecoveredLog> {
  const markers = new Map<string, Base>();
  for (const seg of segments) {
    for (const { record } of seg.records) {
      if (record.type === RecordType.Snapshot) {
        markers.set(`${record.term}/${record.index}`, { index: record.index, term: record.term });
      }
    }
  }
  const candidates: (Base | undefined)[] = [...markers.values()].sort((a, b) => b.index - a.index);
  if (!candidates.some((c) => c?.index === 0)) candidates.push(undefined);
  const attempts: SnapshotAttempt[] = [];
  for (const c of candidates) {
    const label = c === undefined ? 'empty log start' : `snapshot ${c.term}-${c.index}`;
    const r = replay(walDir, segments, c ?? { index: 0, term: 0 });
    if (!r.ok) {
      attempts.push({ file: label, reason: r.reason });
      continue;
    }
    let snapshot: Snapshot | undefined;
    if (c !== undefined) {
      try {
        snapshot = await loadSnapshot(c.term, c.index);
      } catch (err) {
        if (!(err instanceof SnapshotCorruptError)) throw err;
        attempts.push({ file: err.file, reason: err.reason });
        continue;
      }
    }
    return {
      hardState: normalize(r.hardState, c ?? { index: 0, term: 0 }, r.entries.at(-1)?.term ?? 0),
      snapshot,
      entries: r.entries,
      skipped: attempts,
    };
  }
  throw new SnapshotUnavailableError(dir, attempts);
}

function replay(walDir: string, segments: readonly SegmentContents[], base: Base): Replay {
  const first = segments[0]!.name.firstIndex;
  if (first > base.index + 1) {
    return {
      ok: false,
      reason: `the log starts at index ${first}, entries after ${base.index} were released`,
    };
  }
  let entries: Entry[] = [];
  let hardState: HardState | undefined;
  // Until the base's own marker, the log was based on an older snapshot: an entry at or below the
  // base then replaced everything after it. After the marker such entries were compacted away.
  let pastBase = false;
  for (const seg of segments) {
    for (const { record, offset } of seg.records) {
      const where = `${join(walDir, seg.name.file)} offset ${offset}`;
      switch (record.type) {
        case RecordType.Entry: {
          const e = record.entry;
          if (e.index <= base.index) {
            if (!pastBase) entries = [];
            break;
          }
          const pos = e.index - base.index - 1;
          if (pos > entries.length) {
            const last = base.index + entries.length;
            return { ok: false, reason: `${where}: entry ${e.index} follows ${last}, entries are missing` };
          }
          entries.length = pos;
          entries.push(e);
          break;
        }
        case RecordType.HardState:
          hardState = record.hardState;
          break;
        case RecordType.Snapshot:
          if (record.index === base.index && record.term === base.term) {
            // A base that replaced the log makes whatever was appended before it beyond it stale.
            if (record.resetsLog && !pastBase) entries = [];
            pastBase = true;
            break;
          }
          if (!record.resetsLog || record.index < base.index) break;
          return {
            ok: false,
            reason: `${where}: snapshot ${record.term}-${record.index} replaced the log later`,
          };
        default:
          break;
      }
    }
  }
  return { ok: true, entries, hardState };
}

/**
 * A crash between saving a snapshot (or entries) and the hard state that goes with them can leave
 * the hard state behind. A snapshot's index is committed by definition, and a term seen in the log
 * is a term the node reached; raising the term drops the vote, which only ever belonged to the lower
 * one and was never acknowledged.
 */
function normalize(hs: HardState | undefined, base: Base, lastTerm: number): HardState {
  const h = hs ?? EMPTY_HARD_STATE;
  const minTerm = Math.max(base.term, lastTerm);
  const raised = h.term < minTerm;
  return {
    term: raised ? minTerm : h.term,
    vote: raised ? NONE : h.vote,
    commit: Math.max(h.commit, base.index),
  };
}
