// proto/load.ts: the loader options the generated types promise (numbers for uint64, Buffers for
// bytes, defaults, oneof names), and generated code that matches the .proto files.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import t from 'tap';
import { loadProtobufRoot, loadRaftProto, PROTO_LOADER_OPTIONS, PROTO_ROOT } from '../../proto/load.ts';

const repoRoot = join(PROTO_ROOT, '..');

t.test('decoding follows the documented options', async (t) => {
  const method = loadRaftProto().covey.v1.RaftService.service.Stream;
  const big = 2 ** 40 + 3;
  const frame = method.requestSerialize({
    messages: [
      {
        from: 'a',
        to: 'b',
        term: big,
        app: { index: 1, entries: [{ term: 2, index: 3, type: 1, data: Buffer.from('xyz') }] },
      },
      { from: 'a', to: 'b', timeoutNow: {} },
    ],
  });
  const [first, second] = method.requestDeserialize(frame).messages;
  t.equal(first?.term, big, 'uint64 decodes to an exact JS number');
  t.equal(first?.body, 'app', 'the oneof member is named in body');
  t.equal(first?.app?.logTerm, 0, 'a scalar left at zero reads as 0 (defaults on)');
  t.equal(first?.app?.commit, 0);
  const entry = first?.app?.entries[0];
  t.equal(entry?.type, 1, 'enums decode as numbers');
  t.ok(Buffer.isBuffer(entry?.data), 'bytes decode as Buffer');
  t.equal(entry?.data.toString(), 'xyz');
  t.equal(second?.body, 'timeoutNow', 'an empty oneof member is still present');
  t.equal(second?.term, 0);
  t.equal(second?.app, undefined, 'oneof members that are not set stay absent');
});

t.test('uint64 values above 2^53 lose precision on decode (which is why decoders reject them)', async (t) => {
  const method = loadRaftProto().covey.v1.RaftService.service.Stream;
  const frame = method.requestSerialize({ messages: [{ from: 'a', to: 'b', term: '18446744073709551615' }] });
  const term = method.requestDeserialize(frame).messages[0]?.term;
  t.ok(typeof term === 'number' && !Number.isSafeInteger(term), `decoded as the unsafe number ${term}`);
});

t.test('protobufjs reflection uses the same camelCase field names as proto-loader', async (t) => {
  const root = loadProtobufRoot(['covey/v1/raft.proto']);
  const fields = Object.keys(root.lookupType('covey.v1.RaftAppendResponse').fields);
  t.same(fields.sort(), ['index', 'logTerm', 'reject', 'rejectHint']);
  t.equal(PROTO_LOADER_OPTIONS.keepCase, false);
});

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listFiles(path));
    else out.push(path);
  }
  return out.sort();
}

t.test('proto/gen is what `npm run proto` generates from the .proto files', async (t) => {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const script = pkg.scripts.proto;
  t.ok(script, 'package.json has a proto script');
  if (script === undefined) return;
  const out = mkdtempSync(join(tmpdir(), 'covey-proto-gen-'));
  t.teardown(() => rmSync(out, { recursive: true, force: true }));
  // The same command with another output directory (the script's own `rm -rf gen` is skipped).
  const args = script.replace(/^cd proto && rm -rf gen && proto-loader-gen-types /, '').split(' ');
  const outIndex = args.indexOf('gen');
  t.ok(outIndex > 0 && args[outIndex - 1] === '-O', 'the script writes to proto/gen');
  args[outIndex] = out;
  const cli = join(
    repoRoot,
    'node_modules',
    '@grpc',
    'proto-loader',
    'build',
    'bin',
    'proto-loader-gen-types.js',
  );
  const files = args.filter((a) => a.endsWith('*.proto'));
  const expanded = args.flatMap((a) => {
    if (!files.includes(a)) return [a];
    const dir = join(PROTO_ROOT, a.slice(0, a.lastIndexOf('/')));
    return readdirSync(dir)
      .filter((f) => f.endsWith('.proto'))
      .map((f) => relative(PROTO_ROOT, join(dir, f)));
  });
  execFileSync(process.execPath, [cli, ...expanded], { cwd: PROTO_ROOT, stdio: 'pipe' });
  const generated = listFiles(out).map((f) => relative(out, f));
  const committed = listFiles(join(PROTO_ROOT, 'gen')).map((f) => relative(join(PROTO_ROOT, 'gen'), f));
  t.same(committed, generated, 'same file list');
  for (const f of generated) {
    const same = readFileSync(join(out, f), 'utf8') === readFileSync(join(PROTO_ROOT, 'gen', f), 'utf8');
    if (!same) t.fail(`proto/gen/${f} is stale: run npm run proto`);
  }
  t.pass(`${generated.length} generated files compared`);
});
