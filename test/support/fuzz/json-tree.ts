// Request bodies the fuzzer builds: JSON values plus a few leaves that JSON.stringify cannot
// express (raw tokens such as 1e400, objects with repeated keys) or that are only known when the
// request is sent (the id of a case created a moment ago, a fresh refresh token).

/** A JSON token written as is: `1e400`, `-0`, `NaN` (not JSON), a 20,000-level nesting. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** An object whose entries are written in order, repeated keys included. */
export class Entries {
  constructor(readonly entries: [string, JsonTree][]) {}
}

/** Names of the pools of ids (and secrets) the runner resolves when it sends a request. */
export type PoolName =
  | 'case'
  /** Cases the fuzzer's HN prosecutor opened towards the US: its HN and US actors can act on them. */
  | 'caseHnUs'
  | 'user'
  | 'authority'
  | 'apiToken'
  | 'instrument'
  /** Instrument ids of nothing, for the operation that would change a real one's status. */
  | 'unknownInstrument'
  | 'refreshToken'
  | 'cursor'
  | 'loginEmail';

/** A value taken from a pool when the request is sent: pool[k % pool.length]. */
export class PoolRef {
  constructor(
    readonly pool: PoolName,
    readonly k: number,
  ) {}
}

export type JsonTree =
  null | boolean | number | string | RawJson | Entries | PoolRef | JsonTree[] | { [key: string]: JsonTree };

export type Resolver = (ref: PoolRef) => string | undefined;

// Strings go through JSON.stringify, which escapes control characters and lone surrogates, so
// the text is always valid UTF-8 and the server sees exactly the string generated.
export function serialize(tree: JsonTree, resolve: Resolver): string {
  const parts: string[] = [];
  const write = (v: JsonTree): void => {
    if (v instanceof RawJson) parts.push(v.text);
    else if (v instanceof PoolRef) {
      const value = resolve(v);
      parts.push(value === undefined ? 'null' : JSON.stringify(value));
    } else if (v instanceof Entries) {
      parts.push('{');
      v.entries.forEach(([k, item], i) => {
        if (i) parts.push(',');
        parts.push(JSON.stringify(k), ':');
        write(item);
      });
      parts.push('}');
    } else if (Array.isArray(v)) {
      parts.push('[');
      v.forEach((item, i) => {
        if (i) parts.push(',');
        write(item);
      });
      parts.push(']');
    } else if (v !== null && typeof v === 'object') {
      parts.push('{');
      Object.keys(v).forEach((k, i) => {
        if (i) parts.push(',');
        parts.push(JSON.stringify(k), ':');
        write(v[k]);
      });
      parts.push('}');
    } else if (typeof v === 'number' && !Number.isFinite(v)) parts.push('null');
    else parts.push(JSON.stringify(v));
  };
  write(tree);
  return parts.join('');
}

/** Sets `value` at a dotted path ("draft.offences.0.description"), creating what is missing. */
export function setAt(root: JsonTree, path: string[], value: JsonTree): JsonTree {
  if (!path.length) return value;
  const [head, ...rest] = path;
  const index = /^\d+$/.test(head) ? Number(head) : null;
  if (index !== null) {
    const arr = Array.isArray(root) ? [...root] : [];
    while (arr.length < index) arr.push({});
    arr[index] = setAt(arr[index] ?? {}, rest, value);
    return arr;
  }
  const obj: Record<string, JsonTree> =
    root !== null &&
    typeof root === 'object' &&
    !Array.isArray(root) &&
    !(root instanceof RawJson) &&
    !(root instanceof Entries) &&
    !(root instanceof PoolRef)
      ? { ...(root as Record<string, JsonTree>) }
      : {};
  obj[head] = setAt(obj[head] ?? {}, rest, value);
  return obj;
}

/** A nesting of `depth` arrays or objects, built as text (JSON.stringify would overflow). */
export function deepNesting(depth: number, kind: 'array' | 'object', leaf = '1'): RawJson {
  return kind === 'array'
    ? new RawJson('['.repeat(depth) + leaf + ']'.repeat(depth))
    : new RawJson('{"a":'.repeat(depth) + leaf + '}'.repeat(depth));
}

/** A short, printable description of a value for reports (control characters made visible). */
export function describe(value: unknown, max = 160): string {
  let text: string;
  if (value instanceof RawJson)
    text =
      value.text.length > 60
        ? `raw(${value.text.length} chars: ${value.text.slice(0, 30)}…)`
        : `raw(${value.text})`;
  else if (value instanceof PoolRef) text = `<${value.pool}#${value.k}>`;
  else if (value instanceof Entries) text = `entries(${value.entries.map(([k]) => k).join(',')})`;
  else if (typeof value === 'string')
    text = value.length > max ? `${visible(value.slice(0, 40))}… (${value.length} chars)` : visible(value);
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

/** A string with control characters, lone surrogates and other invisibles escaped. */
export function visible(s: string): string {
  return JSON.stringify(s).replace(
    /[\u0080-\u009f\u00ad\u200b-\u200f\u2028\u2029\u202a-\u202e\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
