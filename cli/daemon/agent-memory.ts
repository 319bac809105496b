// What the agent remembers across restarts: the managers it was last told about, so a restarted
// worker finds the cluster even when the manager it joined through is gone.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const FILE = 'managers.json';

export class AgentMemory {
  private list: string[] = [];
  private writing: Promise<void> = Promise.resolve();

  private constructor(private readonly dir: string) {}

  static async open(dir: string): Promise<AgentMemory> {
    const m = new AgentMemory(dir);
    try {
      const parsed = JSON.parse(await readFile(join(dir, FILE), 'utf8')) as { managers?: unknown };
      if (Array.isArray(parsed.managers))
        m.list = parsed.managers.filter((x): x is string => typeof x === 'string');
    } catch {
      // absent or unreadable: the join address or the local manager will do
    }
    return m;
  }

  managers(): string[] {
    return [...this.list];
  }

  /** Replaces the list (the managers' latest word) and writes it down. */
  remember(addrs: readonly string[]): Promise<void> {
    const next = [...new Set(addrs.filter((a) => a !== ''))];
    if (next.length === 0 || next.join(',') === this.list.join(',')) return this.writing;
    this.list = next;
    const text = `${JSON.stringify({ managers: next }, null, 2)}\n`;
    const file = join(this.dir, FILE);
    this.writing = this.writing
      .catch(() => undefined)
      .then(async () => {
        await writeFile(`${file}.tmp`, text);
        await rename(`${file}.tmp`, file);
      });
    return this.writing;
  }
}
