// Freezes a freshly decoded object deeply and, on the way, replaces every part of it that equals the
// same part of an object the store already holds with that (frozen) part. A task's spec, annotations
// and most of its status are the same from one version of the task to the next and from one task of
// a service to its siblings: 100,000 tasks then share a handful of spec trees instead of holding
// 100,000 copies, which is most of a task's heap and most of what the garbage collector traces.
//
// Why freeze rather than copy on read: reads far outnumber writes (scheduler, orchestrators,
// dispatcher, control API); freezing a fully populated task once costs ~12 µs against ~24 µs for a
// structuredClone on every read, so get/find/watch hand out the stored objects themselves.
//
// Sharing changes identity only, never a value, so two managers that applied the same entries still
// hold equal objects. It costs one walk of the fresh object — the walk freezing needs anyway — plus a
// comparison per field. Byte fields (Buffer/Uint8Array) are shared only when their bytes are equal;
// like every byte field in the store they are read-only by convention (see deep-freeze.ts).

const EMPTY_ARRAY: readonly unknown[] = Object.freeze([]);
const EMPTY_OBJECT: Readonly<Record<string, never>> = Object.freeze({});

/**
 * Returns `fresh` frozen, with every sub-object that equals the corresponding one of `template`
 * replaced by the template's; `template` itself when the two are equal throughout. `template` must be
 * a stored (deeply frozen) object or undefined; `fresh` is modified in place.
 */
export function freezeSharing<T>(fresh: T, template: unknown): T {
  return share(fresh, template) as T;
}

function share(fresh: unknown, template: unknown): unknown {
  if (fresh === template || typeof fresh !== 'object' || fresh === null) return fresh;
  if (ArrayBuffer.isView(fresh)) return sameBytes(fresh, template) ? template : fresh;
  // Frozen already: a part shared earlier, or one of the empty constants.
  if (Object.isFrozen(fresh)) return fresh;
  const base =
    typeof template === 'object' && template !== null && !ArrayBuffer.isView(template) ? template : undefined;
  if (Array.isArray(fresh))
    return shareArray(fresh, Array.isArray(base) ? (base as readonly unknown[]) : undefined);
  return shareObject(
    fresh as Record<string, unknown>,
    base !== undefined && !Array.isArray(base) ? base : undefined,
  );
}

function shareArray(fresh: unknown[], base: readonly unknown[] | undefined): unknown {
  if (fresh.length === 0) return base !== undefined && base.length === 0 ? base : EMPTY_ARRAY;
  let same = base !== undefined && base.length === fresh.length;
  for (let i = 0; i < fresh.length; i++) {
    const before = base?.[i];
    const value = share(fresh[i], before);
    if (value !== fresh[i]) fresh[i] = value;
    if (value !== before) same = false;
  }
  return same ? base : Object.freeze(fresh);
}

function shareObject(fresh: Record<string, unknown>, base: object | undefined): unknown {
  const keys = Object.keys(fresh);
  if (keys.length === 0 && Object.getPrototypeOf(fresh) === Object.prototype) {
    return base !== undefined && Object.keys(base).length === 0 ? base : EMPTY_OBJECT;
  }
  const from = base as Record<string, unknown> | undefined;
  let same = from !== undefined && Object.keys(from).length === keys.length;
  for (const key of keys) {
    const before = from?.[key];
    const value = share(fresh[key], before);
    if (value !== fresh[key]) fresh[key] = value;
    if (value !== before || (before === undefined && from !== undefined && !Object.hasOwn(from, key))) {
      same = false;
    }
  }
  return same ? base : Object.freeze(fresh);
}

function sameBytes(fresh: ArrayBufferView, template: unknown): boolean {
  if (!(template instanceof Uint8Array) || !(fresh instanceof Uint8Array)) return false;
  if (fresh.byteLength !== template.byteLength) return false;
  return Buffer.compare(fresh, template) === 0;
}
