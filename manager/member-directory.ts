// The managers' gRPC addresses by Raft member id. Raft needs them before it can send anything, so
// they are persisted next to the Raft log (a restarted manager must reach its peers before it has
// applied the entries that name them) and learned from conf-change contexts and Join responses.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const MEMBERS_FILE = 'members.json';

/** members.json does not parse: the manager cannot know where its peers are. */
export class MembersFileCorruptError extends Error {
  override name = 'MembersFileCorruptError';
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file} is corrupt (${reason}); restore it from a backup or join this manager again`);
  }
}

interface MembersFile {
  readonly version: 1;
  readonly members: Record<string, string>;
}

export class MemberDirectory {
  private readonly addrs = new Map<string, string>();
  private writing: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(id: string, addr: string | undefined) => void>();

  private constructor(private readonly file: string | undefined) {}

  /** Loads `<dir>/members.json` (absent: empty). A corrupt file is an error naming it. */
  static async open(dir: string | undefined): Promise<MemberDirectory> {
    const d = new MemberDirectory(dir === undefined ? undefined : join(dir, MEMBERS_FILE));
    if (d.file === undefined) return d;
    let text: string;
    try {
      text = await readFile(d.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return d;
      throw err;
    }
    let parsed: MembersFile;
    try {
      parsed = JSON.parse(text) as MembersFile;
      if (parsed.version !== 1 || typeof parsed.members !== 'object') throw new Error('unknown format');
    } catch (err) {
      throw new MembersFileCorruptError(d.file, (err as Error).message);
    }
    for (const [id, addr] of Object.entries(parsed.members))
      if (typeof addr === 'string') d.addrs.set(id, addr);
    return d;
  }

  get(id: string): string | undefined {
    return this.addrs.get(id);
  }

  entries(): [string, string][] {
    return [...this.addrs.entries()];
  }

  /** Records an address (no-op when unchanged) and tells the listeners. */
  set(id: string, addr: string): void {
    if (addr === '' || this.addrs.get(id) === addr) return;
    this.addrs.set(id, addr);
    for (const l of this.listeners) l(id, addr);
    this.persist();
  }

  delete(id: string): void {
    if (!this.addrs.delete(id)) return;
    for (const l of this.listeners) l(id, undefined);
    this.persist();
  }

  onChange(listener: (id: string, addr: string | undefined) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once every change so far is on disk. */
  flush(): Promise<void> {
    return this.writing;
  }

  private persist(): void {
    const file = this.file;
    if (file === undefined) return;
    const body: MembersFile = { version: 1, members: Object.fromEntries(this.addrs) };
    const text = `${JSON.stringify(body, null, 2)}\n`;
    this.writing = this.writing
      .catch(() => undefined)
      .then(async () => {
        await writeFile(`${file}.tmp`, text);
        await rename(`${file}.tmp`, file);
      });
  }
}
