// Enforces the layering of DESIGN.md: raft/ imports nothing else from the project, agent/ never
// imports manager/ (they meet through proto/), manager/ imports neither cli/ nor agent/, the
// shared pki/ imports nothing else from the project, and the shared bus/ only proto/.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const rules: { from: string; forbidden: (target: string) => boolean; why: string }[] = [
  {
    from: 'raft',
    forbidden: (t) => !t.startsWith('raft/'),
    why: 'raft/ must import nothing from the project',
  },
  { from: 'agent', forbidden: (t) => t.startsWith('manager/'), why: 'agent/ must not import manager/' },
  {
    from: 'manager',
    forbidden: (t) => t.startsWith('cli/') || t.startsWith('agent/'),
    why: 'manager/ must not import cli/ or agent/',
  },
  {
    from: 'proto',
    forbidden: (t) => !t.startsWith('proto/') && !t.startsWith('raft/'),
    why: 'proto/ may only import raft/ types',
  },
  {
    from: 'bus',
    forbidden: (t) => !t.startsWith('bus/') && !t.startsWith('proto/'),
    why: 'bus/ (shared by managers and agents) may only import proto/',
  },
];

function files(dir: string): string[] {
  let out: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out = out.concat(files(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

const importRe = /(?:import|export)[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;
const violations: string[] = [];
for (const rule of rules) {
  for (const file of files(join(root, rule.from))) {
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(importRe)) {
      const spec = m[1] ?? m[2];
      if (!spec) continue;
      const target = relative(root, resolve(dirname(file), spec));
      if (rule.forbidden(target)) violations.push(`${relative(root, file)} imports ${target}: ${rule.why}`);
    }
  }
}
if (violations.length > 0) {
  for (const v of violations) console.error(v);
  process.exit(1);
}
console.log('layers: ok');
