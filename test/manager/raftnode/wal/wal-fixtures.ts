// Fixtures for the WAL tests: entries with recognisable data, and temporary directories under
// os.tmpdir() that are removed when the test ends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Entry, EntryType } from '../../../../raft/types.ts';

export function entry(index: number, term: number, size = 8): Entry {
  const data = new Uint8Array(size);
  for (let i = 0; i < size; i++) data[i] = (index * 31 + term * 7 + i) & 0xff;
  return { index, term, type: index % 5 === 0 ? EntryType.ConfChange : EntryType.Normal, data };
}

export function entries(from: number, to: number, term: number, size = 8): Entry[] {
  const out: Entry[] = [];
  for (let i = from; i <= to; i++) out.push(entry(i, term, size));
  return out;
}

/** Plain objects with data as number arrays, for t.same comparisons that show diffs readably. */
export function plain(es: readonly Entry[]): { index: number; term: number; type: number; data: number[] }[] {
  return es.map((e) => ({ index: e.index, term: e.term, type: e.type, data: [...e.data] }));
}

interface Teardown {
  teardown(fn: () => void): void;
}

/** A fresh directory under os.tmpdir(), removed at teardown. */
export function tempDir(t: Teardown): string {
  const dir = mkdtempSync(join(tmpdir(), 'covey-wal-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
