// An in-memory WalFs that knows what is durable (bytes on datasync, names on a directory sync) and
// can produce the disk a power cut would leave, with torn unsynced tails.
import { dirname } from 'node:path';
import type { SeededRandom } from '../../../../raft/random.ts';
import type { WalFile, WalFs } from '../../../../manager/raftnode/wal/wal-fs.ts';

interface Inode {
  data: Uint8Array;
  /** Content as of the last datasync. */
  durable: Uint8Array;
}

export type CrashMode = 'clean' | 'torn';

function enoent(op: string, path: string): Error {
  return Object.assign(new Error(`ENOENT: ${op} ${path}`), { code: 'ENOENT' });
}

export class MemFs implements WalFs {
  private readonly live = new Map<string, Inode>();
  private readonly durableNames = new Map<string, Inode>();
  private readonly dirs = new Set<string>(['/']);
  datasyncs = 0;
  ops = 0;
  /** Called before every operation with its name and path (crash points, tracing). */
  onOp: ((op: string, path: string) => void) | undefined;
  /** Awaited inside every datasync before the data becomes durable (to hold an fsync in flight). */
  datasyncGate: (() => Promise<void>) | undefined;

  private op(op: string, path: string): void {
    this.ops++;
    this.onOp?.(op, path);
  }

  async mkdir(path: string): Promise<void> {
    this.op('mkdir', path);
    for (let p = path; !this.dirs.has(p); p = dirname(p)) this.dirs.add(p);
  }

  async readdir(path: string): Promise<string[]> {
    if (!this.dirs.has(path)) return [];
    const out: string[] = [];
    for (const p of [...this.live.keys(), ...this.dirs]) {
      if (p !== path && dirname(p) === path) out.push(p.slice(path.length + 1));
    }
    return out.sort();
  }

  async readFile(path: string): Promise<Uint8Array> {
    const f = this.live.get(path);
    if (f === undefined) throw enoent('open', path);
    return f.data.slice();
  }

  async exists(path: string): Promise<boolean> {
    return this.live.has(path) || this.dirs.has(path);
  }

  async open(path: string, mode: 'create' | 'existing'): Promise<WalFile> {
    this.op(`open-${mode}`, path);
    if (!this.dirs.has(dirname(path))) throw enoent('open', path);
    let inode = this.live.get(path);
    if (mode === 'create') {
      inode = { data: new Uint8Array(0), durable: new Uint8Array(0) };
      this.live.set(path, inode);
    } else if (inode === undefined) {
      throw enoent('open', path);
    }
    return this.handle(path, inode);
  }

  async rename(from: string, to: string): Promise<void> {
    this.op('rename', to);
    const f = this.live.get(from);
    if (f === undefined) throw enoent('rename', from);
    this.live.delete(from);
    this.live.set(to, f);
  }

  async unlink(path: string): Promise<void> {
    this.op('unlink', path);
    if (!this.live.delete(path)) throw enoent('unlink', path);
  }

  async rmrf(path: string): Promise<void> {
    this.op('rmrf', path);
    const under = (p: string): boolean => p === path || p.startsWith(`${path}/`);
    for (const p of [...this.live.keys()]) if (under(p)) this.live.delete(p);
    for (const p of [...this.durableNames.keys()]) if (under(p)) this.durableNames.delete(p);
    for (const p of [...this.dirs]) if (under(p)) this.dirs.delete(p);
  }

  async syncDir(dir: string): Promise<void> {
    this.op('syncDir', dir);
    for (const p of [...this.durableNames.keys()]) {
      if (dirname(p) === dir && !this.live.has(p)) this.durableNames.delete(p);
    }
    for (const [p, f] of this.live) if (dirname(p) === dir) this.durableNames.set(p, f);
  }

  /** Bytes of a file as the process sees them (for tests that damage files). */
  bytes(path: string): Uint8Array {
    const f = this.live.get(path);
    if (f === undefined) throw enoent('bytes', path);
    return f.data;
  }

  /** Replaces a file's bytes, durably (damage done "on disk"). */
  setBytes(path: string, data: Uint8Array): void {
    const f = this.live.get(path);
    if (f === undefined) throw enoent('setBytes', path);
    f.data = data.slice();
    f.durable = data.slice();
  }

  /**
   * The disk after a power cut now. 'clean' keeps exactly what was synced; 'torn' also keeps a random
   * prefix of each file's unsynced appended bytes, then maybe zeros or garbage.
   */
  crashImage(mode: CrashMode, rng?: SeededRandom): MemFs {
    const img = new MemFs();
    for (const d of this.dirs) img.dirs.add(d);
    for (const [p, f] of this.durableNames) {
      let data = f.durable.slice();
      const extendsDurable =
        f.data.byteLength > f.durable.byteLength &&
        Buffer.from(f.data.subarray(0, f.durable.byteLength)).equals(f.durable);
      if (mode === 'torn' && rng !== undefined && extendsDurable) {
        const extra = rng.intn(f.data.byteLength - f.durable.byteLength + 1);
        const junk = rng.intn(3) === 0 ? 0 : rng.intn(64);
        const tail = new Uint8Array(junk);
        if (rng.chance(0.5)) for (let i = 0; i < junk; i++) tail[i] = rng.intn(256);
        data = Buffer.concat([f.data.subarray(0, f.durable.byteLength + extra), tail]);
      }
      const inode = { data, durable: data.slice() };
      img.live.set(p, inode);
      img.durableNames.set(p, inode);
    }
    return img;
  }

  private handle(path: string, inode: Inode): WalFile {
    let closed = false;
    const check = (op: string): void => {
      this.op(op, path);
      if (closed) throw new Error(`${op} on closed file ${path}`);
    };
    return {
      write: async (data, position) => {
        check('write');
        const end = position + data.byteLength;
        if (end > inode.data.byteLength) {
          const grown = new Uint8Array(end);
          grown.set(inode.data);
          inode.data = grown;
        }
        inode.data.set(data, position);
      },
      datasync: async () => {
        check('datasync');
        const snapshot = inode.data.slice();
        await this.datasyncGate?.();
        inode.durable = snapshot;
        this.datasyncs++;
      },
      truncate: async (length) => {
        check('truncate');
        inode.data = inode.data.slice(0, length);
      },
      close: async () => {
        check('close');
        closed = true;
      },
    };
  }
}
