// A service's `volumes:` (short `source:target[:ro]` and long syntax, types bind, volume and tmpfs)
// and `tmpfs:` as covey mounts, through the CLI's --mount parser. Bind sources are resolved against
// the compose file's directory; named volumes must be declared at the top level.
import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import type { Mount } from '../../proto/gen/covey/v1/Mount.ts';
import { FlagValueError } from '../commands/flag-value-error.ts';
import { parseMount } from '../commands/service-flags.ts';
import { supportedEntries } from './compose-keys.ts';
import type { ComposeNode } from './compose-node.ts';
import type { StackVolumes } from './compose-stack-volumes.ts';
import { composeBytes, composeSize } from './compose-units.ts';

const SHORT_MODES = ['ro', 'rw', 'nocopy', 'z', 'Z', 'consistent', 'cached', 'delegated'];

export function composeMounts(node: ComposeNode, volumes: StackVolumes): Mount[] {
  return node.items().map((item) => (item.isMap() ? longMount(item, volumes) : shortMount(item, volumes)));
}

/** `tmpfs: /run` or a list of `/path[:size=N]`. */
export function composeTmpfs(node: ComposeNode): Mount[] {
  return (node.isSeq() ? node.items() : [node]).map((at) => {
    const [target = '', options] = splitOnce(at.string(), ':');
    const mount = toMount(at, 'tmpfs', '', target, false);
    for (const option of options === undefined ? [] : options.split(',')) {
      const [key, value] = splitOnce(option, '=');
      if (key === 'size' && value !== undefined)
        mount.tmpfsOptions = { sizeBytes: composeSize(at, value), mode: 0 };
      else at.warn(`ignored: tmpfs option ${JSON.stringify(option)} (only size= is supported)`);
    }
    return mount;
  });
}

function shortMount(item: ComposeNode, volumes: StackVolumes): Mount {
  const text = item.string();
  const parts = text.split(':');
  if (parts.length > 3 || parts.some((p) => p === ''))
    return item.fail(`invalid volume ${JSON.stringify(text)}: expected [source:]target[:ro]`);
  if (parts.length === 1) return toMount(item, 'volume', '', text, false);
  const [source = '', target = '', modes = ''] = parts;
  const flags = modes === '' ? [] : modes.split(',');
  for (const f of flags) {
    if (!SHORT_MODES.includes(f))
      item.fail(`invalid volume ${JSON.stringify(text)}: unknown mode ${JSON.stringify(f)} (ro or rw)`);
    if (f !== 'ro' && f !== 'rw' && f !== 'nocopy') item.warn(`ignored: volume mode ${f}`);
  }
  const readOnly = flags.includes('ro');
  if (isHostPath(source)) return toMount(item, 'bind', hostPath(item, source), target, readOnly);
  const mount = namedVolume(item, volumes, source, target, readOnly);
  if (flags.includes('nocopy')) mount.volumeOptions = { ...mount.volumeOptions, noCopy: true };
  return mount;
}

function longMount(item: ComposeNode, volumes: StackVolumes): Mount {
  const fields = new Map(
    supportedEntries(item, ['type', 'source', 'target', 'read_only', 'bind', 'volume', 'tmpfs'], {
      consistency: 'only meaningful on Docker Desktop',
    }).map((e) => [e.key, e.value]),
  );
  const typeNode = fields.get('type');
  if (!typeNode) return item.fail('needs a type: volume, bind or tmpfs');
  const type = typeNode.string();
  if (type !== 'volume' && type !== 'bind' && type !== 'tmpfs')
    typeNode.fail(`${JSON.stringify(type)} is not supported: use volume, bind or tmpfs`);
  const targetNode = fields.get('target');
  if (!targetNode) return item.fail('needs a target (the path in the container)');
  const target = targetNode.string();
  const readOnly = fields.get('read_only')?.bool() ?? false;
  const sourceNode = fields.get('source');
  const source = sourceNode?.string() ?? '';
  for (const [key, options] of [
    ['bind', 'bind'],
    ['volume', 'volume'],
    ['tmpfs', 'tmpfs'],
  ] as const) {
    if (fields.has(options) && type !== key) fields.get(options)?.fail(`only applies to type ${key}`);
  }
  if (type === 'tmpfs') {
    if (source !== '') sourceNode?.fail('a tmpfs mount has no source');
    const mount = toMount(item, 'tmpfs', '', target, readOnly);
    const options = fields.get('tmpfs');
    if (options && !options.isNull()) {
      const o = new Map(supportedEntries(options, ['size', 'mode']).map((e) => [e.key, e.value]));
      const size = o.get('size');
      const mode = o.get('mode');
      mount.tmpfsOptions = {
        sizeBytes: size ? composeBytes(size) : 0,
        mode: mode ? tmpfsMode(mode) : 0,
      };
    }
    return mount;
  }
  if (type === 'bind') {
    if (source === '') return item.fail('a bind mount needs a source (a path on the host)');
    const bind = fields.get('bind');
    if (bind && !bind.isNull())
      supportedEntries(bind, [], {
        propagation: 'covey binds with the engine default propagation',
        create_host_path: 'covey leaves it to the engine',
        selinux: 'not supported by covey',
      });
    return toMount(sourceNode ?? item, 'bind', hostPath(sourceNode ?? item, source), target, readOnly);
  }
  const mount =
    source === ''
      ? toMount(item, 'volume', '', target, readOnly)
      : namedVolume(sourceNode ?? item, volumes, source, target, readOnly);
  const volume = fields.get('volume');
  if (volume && !volume.isNull()) {
    const o = new Map(
      supportedEntries(volume, ['nocopy'], { subpath: 'not supported by covey' }).map((e) => [
        e.key,
        e.value,
      ]),
    );
    const nocopy = o.get('nocopy')?.bool();
    if (nocopy !== undefined) mount.volumeOptions = { ...mount.volumeOptions, noCopy: nocopy };
  }
  return mount;
}

function namedVolume(
  at: ComposeNode,
  volumes: StackVolumes,
  name: string,
  target: string,
  readOnly: boolean,
): Mount {
  const volume = volumes.get(name);
  if (!volume)
    return at.fail(`volume ${JSON.stringify(name)} is not declared: add it under the top-level volumes: key`);
  const mount = toMount(at, 'volume', volume.source, target, readOnly);
  if (!volume.external) mount.volumeOptions = { noCopy: false, labels: { ...volume.labels } };
  return mount;
}

function isHostPath(source: string): boolean {
  return source.startsWith('/') || source.startsWith('.') || source.startsWith('~');
}

function hostPath(at: ComposeNode, source: string): string {
  if (source === '~' || source.startsWith('~/')) return resolve(homedir(), source.slice(2));
  if (source.startsWith('~')) return at.fail(`${JSON.stringify(source)}: only ~/ (your home) is supported`);
  return isAbsolute(source) ? source : resolve(at.source.dir, source);
}

/** Through --mount's parser, which checks what it checks for `service create`. */
function toMount(at: ComposeNode, type: string, source: string, target: string, readOnly: boolean): Mount {
  if (source.includes(',') || target.includes(','))
    return at.fail('a path with a comma is not supported in a mount');
  if (!target.startsWith('/'))
    return at.fail(
      `invalid mount target ${JSON.stringify(target)}: must be an absolute path in the container`,
    );
  try {
    return parseMount(`type=${type},source=${source},target=${target}${readOnly ? ',readonly' : ''}`);
  } catch (err) {
    if (err instanceof FlagValueError)
      return at.fail(`invalid mount: expected ${err.expected}`, { cause: err });
    throw err;
  }
}

/** Written as octal digits (`1777`, `0755`), whether YAML read them as a number or a string. */
function tmpfsMode(node: ComposeNode): number {
  const text = node.text();
  if (/^0?[0-7]{3,4}$/.test(text)) return Number.parseInt(text, 8);
  return node.fail('must be a file mode in octal digits, like 1777');
}

function splitOnce(text: string, sep: string): [string, string | undefined] {
  const at = text.indexOf(sep);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
