/**
 * Malformed requests generated from the OpenAPI document (/api/docs-json): for every operation, a
 * plausible request built from its schemas, then broken on purpose. Each request carries one
 * violation the server must refuse whatever else it contains (so a malformed mutation can never be
 * applied), plus noise: wrong types, missing and extra fields, huge and odd Unicode strings,
 * `__proto__` / `constructor` keys, bad headers, lying Content-Types, invalid JSON.
 */

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  enum?: Json[];
  const?: Json;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
}

export interface Operation {
  method: string;
  path: string;
  params: { name: string; in: 'path' | 'query' | 'header'; required: boolean; schema?: JsonSchema }[];
  body?: JsonSchema;
  public: boolean;
}

export interface FuzzRequest {
  op: Operation;
  method: string;
  path: string;
  headers: Record<string, string>;
  /** Raw bytes of the body (JSON text, or deliberately not). */
  body?: string;
  /** The violation that makes it malformed. */
  violation: string;
  /** A mutation: must never succeed (2xx) and never change state. */
  mutation: boolean;
}

/** A small deterministic PRNG (mulberry32), so a failing run can be replayed with its seed. */
export class Rng {
  constructor(private state: number) {}
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

export function operationsOf(doc: any): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries<any>(doc.paths ?? {})) {
    for (const [method, op] of Object.entries<any>(methods)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      ops.push({
        method: method.toUpperCase(),
        path,
        params: (op.parameters ?? []).map((p: any) => ({ name: p.name, in: p.in, required: Boolean(p.required), schema: p.schema })),
        body: op.requestBody?.content?.['application/json']?.schema,
        public: path.startsWith('/api/auth/') || path === '/api/health',
      });
    }
  }
  return ops;
}

// ------------------------------------------------------------------ odd values

/** Strings that break naive code: control characters, lone surrogates, bidi overrides, zero-width, emoji, injections. */
export const ODD_STRINGS: string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  '\u202etxet desrever',
  '\u200b\u200c\u200d\ufeff',
  '👷\u200d♂️🏗️💴',
  'e\u0301\u0301\u0301\u0301',
  'Z̸̡̢̛͎̜̝̝̞̦̳͓͚̻̿̈́̍̌̌̃̽ā̷̛̗̖̖̜̥̭̖͍͆̋l̶',
  "' OR '1'='1' --",
  '"; DROP TABLE cases; --',
  '$1$2$3',
  '%00%0d%0a',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  '{{7*7}}${7*7}',
  '\\u0000\\ud800',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  'true',
  'null',
  '2025-02-30',
  '9999-12-31T23:59:59+14:00',
  '0000-00-00T00:00:00Z',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '调解'.repeat(50),
  '\r\n\r\nHTTP/1.1 200 OK',
  '__proto__',
  'constructor',
];

const HUGE = ['x'.repeat(70_000), '工'.repeat(40_000), '\ud83d\udc77'.repeat(30_000)];

export function oddString(rng: Rng, extra: readonly string[] = []): string {
  if (rng.chance(0.03)) return rng.pick(HUGE);
  if (extra.length && rng.chance(0.25)) return rng.pick(extra);
  return rng.pick(ODD_STRINGS);
}

/** A value of another JSON type than `like` (or anything odd). */
export function wrongTyped(rng: Rng, like: Json | undefined, extra: readonly string[] = []): Json {
  const candidates: Json[] = [
    null,
    true,
    false,
    0,
    -1,
    1.5,
    -1e308,
    9_007_199_254_740_993,
    [],
    [oddString(rng, extra)],
    {},
    { nested: { deeper: [1, 2, 3] } },
    oddString(rng, extra),
  ];
  const typeOf = (v: Json | undefined) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  const other = candidates.filter((c) => typeOf(c) !== typeOf(like));
  return rng.pick(other);
}

/** A JSON value nested `depth` levels deep (arrays or objects). */
export function deeplyNested(depth: number, objects: boolean): string {
  return objects ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) : '['.repeat(depth) + ']'.repeat(depth);
}

// ------------------------------------------------------------------ baselines from schemas

function resolve(s: JsonSchema | undefined, rng: Rng): JsonSchema | undefined {
  if (!s) return s;
  const alts = s.anyOf ?? s.oneOf;
  if (alts?.length) return resolve(rng.pick(alts), rng);
  if (s.allOf?.length) return Object.assign({}, ...s.allOf);
  return s;
}

const UUID_V4 = '3f2c1a8e-5b7d-4e9a-8c6f-2d1b0a9e8f7c';

/** A plausible value for a schema (valid where easy; the fuzzer breaks it afterwards anyway). */
export function sample(schema: JsonSchema | undefined, rng: Rng, hints: Record<string, Json> = {}, name = '', depth = 0): Json {
  const s = resolve(schema, rng);
  if (!s || depth > 6) return null;
  if (name && name in hints) return hints[name];
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return rng.pick(s.enum);
  const type = Array.isArray(s.type) ? s.type[0] : s.type ?? (s.properties ? 'object' : undefined);
  switch (type) {
    case 'object': {
      const out: Record<string, Json> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) {
        if ((s.required ?? []).includes(k) || rng.chance(0.5)) out[k] = sample(v, rng, hints, k, depth + 1);
      }
      return out;
    }
    case 'array': {
      const n = Math.max(s.minItems ?? 0, 1);
      return Array.from({ length: Math.min(n, s.maxItems ?? n) }, () => sample(s.items, rng, hints, '', depth + 1));
    }
    case 'integer':
      return Math.max(s.minimum ?? 0, Math.min(s.maximum ?? 1000, 1));
    case 'number':
      return Math.max(s.minimum ?? 0, 1);
    case 'boolean':
      return true;
    case 'string':
      if (s.format === 'uuid') return UUID_V4;
      if (s.format === 'date-time') return '2025-11-12T10:00:00+08:00';
      if (s.format === 'date') return '2025-11-12';
      if (s.format === 'email') return 'clerk@example.test';
      return 'x'.repeat(Math.max(s.minLength ?? 1, 1));
    default:
      return null;
  }
}

// ------------------------------------------------------------------ breaking requests

/** Percent-encodes the UTF-8 bytes of `s` (lone surrogates become U+FFFD, as on any wire). */
export function pct(s: string): string {
  return [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

/** Escapes no decoder should accept: a bare %, invalid hex, bytes that are not UTF-8, an encoded surrogate, NUL. */
const RAW_BAD_ESCAPES = ['%', '%zz', '%FF%FE', '%ED%A0%80', '%C0%AF', '%00', '%E2%80%AE'];

export interface FuzzContext {
  /** Real ids to put in path parameters, by parameter name (id, partyId, kind…), per path prefix. */
  pathValue(op: Operation, name: string): string;
  /** A valid token for the operation (the role that may call it), or undefined for public routes. */
  token(op: Operation): string | undefined;
  /** A valid If-Match for a case path. */
  ifMatch(op: Operation): string;
  /** Field values that make baselines realistic (event types, ids). */
  hints: Record<string, Json>;
  /** Personal data of the fixtures, slipped into requests to see whether errors echo it. */
  personal: readonly string[];
}

type Violation = 'auth' | 'body-not-object' | 'body-invalid-json' | 'body-extra-field' | 'body-wrong-type' | 'body-too-long-string' | 'body-too-large' | 'body-deep' | 'body-nul' | 'content-type' | 'path' | 'if-match' | 'idempotency-key' | 'query';

function applicable(op: Operation): Violation[] {
  const v: Violation[] = [];
  if (!op.public) v.push('auth');
  if (op.body) {
    v.push('body-not-object', 'body-invalid-json', 'body-too-large', 'body-deep', 'content-type', 'body-wrong-type');
    if (op.body.additionalProperties === false || (op.body.anyOf ?? op.body.oneOf)?.every((s) => s.additionalProperties === false)) v.push('body-extra-field');
    v.push('body-too-long-string', 'body-nul');
  }
  if (op.params.some((p) => p.in === 'path')) v.push('path');
  if (op.params.some((p) => p.in === 'header' && p.name.toLowerCase() === 'if-match')) v.push('if-match');
  if (op.params.some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key')) v.push('idempotency-key');
  if (op.method === 'GET' && op.params.some((p) => p.in === 'query')) v.push('query');
  return v;
}

const BAD_TOKENS = [
  '',
  'Bearer',
  'Bearer ',
  'Bearer x',
  'Bearer a.b.c',
  'Basic YWRtaW46dGlhb2ppZS1kZW1v',
  // alg none, with an admin claim
  'Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJhZG1pbiIsInJvbGVzIjpbIkFETUlOIl0sInR5cCI6ImFjY2VzcyJ9.',
  // HS512 with a made-up key
  'Bearer eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl',
  `Bearer ${'A'.repeat(6000)}`,
  'bearer\tx',
];

const BAD_IF_MATCH = ['', ' ', '"abc"', '*', '"-1"', '"99999999999"', 'W/', '"1', '1"', '"1","2"', '"1.5"', '"0x10"', '"١"'];

/** Sets a value at a random property path of an object body (creating nothing; only existing leaves). */
function leafPaths(v: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (v !== null && typeof v === 'object') {
    const entries = Array.isArray(v) ? v.map((x, i) => [i, x] as const) : Object.entries(v);
    for (const [k, x] of entries) leafPaths(x as Json, [...prefix, k], out);
  } else if (prefix.length) {
    out.push(prefix);
  }
  return out;
}

function setAt(root: Json, path: (string | number)[], value: Json): void {
  let cur: any = root;
  for (const k of path.slice(0, -1)) cur = cur[k];
  cur[path[path.length - 1]] = value;
}

function getAt(root: Json, path: (string | number)[]): Json {
  let cur: any = root;
  for (const k of path) cur = cur?.[k];
  return cur as Json;
}

/** JSON text with a key JSON.stringify would never write (`__proto__` as an own key). */
function withRawKey(json: string, key: string, value: string): string {
  if (!json.startsWith('{')) return json;
  const inner = json.slice(1);
  return `{${JSON.stringify(key)}:${value}${inner === '}' ? '' : ','}${inner}`;
}

/** Builds one malformed request for `op`. */
export function malformed(op: Operation, ctx: FuzzContext, rng: Rng): FuzzRequest {
  const choices = applicable(op);
  // A public read (health) has nothing to break but its headers and query: noise only.
  // A bad token is refused before anything else is read: keep it to a share, so most requests get deeper.
  const deeper = choices.filter((c) => c !== 'auth');
  const violation: Violation | 'noise' = !choices.length ? 'noise' : deeper.length && !rng.chance(0.15) ? rng.pick(deeper) : rng.pick(choices);
  const headers: Record<string, string> = {};
  const token = ctx.token(op);
  if (token) headers.authorization = `Bearer ${token}`;
  if (violation === 'auth') {
    const bad = rng.pick(BAD_TOKENS);
    if (bad === '') delete headers.authorization;
    else headers.authorization = bad;
  }

  // Path and query.
  let path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => pct(ctx.pathValue(op, name)));
  if (violation === 'path') {
    const names = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    const which = rng.pick(names);
    const bad = rng.pick(['not-a-uuid', '1', '-1', '00000000-0000-0000-0000-00000000000g', 'x'.repeat(3000), "1' OR '1'='1", '%00', '..', '调解', '\ud800', '__proto__', '3f2c1a8e-5b7d-4e9a-8c6f-2d1b0a9e8f7c']);
    const raw = rng.chance(0.25) ? rng.pick(RAW_BAD_ESCAPES) : undefined;
    path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => (name === which ? raw ?? pct(bad) : pct(ctx.pathValue(op, name))));
  }
  const query: string[] = [];
  for (const p of op.params.filter((x) => x.in === 'query')) {
    if (violation === 'query' || rng.chance(0.3)) {
      let bad = rng.pick(['abc', '-1', '0', '1.5', '1e999', '999999999999999999999', '', oddString(rng, ctx.personal), 'true&x=1']);
      // The violation must really be one: never a value the parameter accepts (reveal=true is a valid, audited read).
      if (p.schema?.enum?.includes(bad)) bad = 'maybe';
      query.push(`${pct(p.name)}=${rng.chance(0.1) ? rng.pick(RAW_BAD_ESCAPES) : pct(bad)}`);
      if (rng.chance(0.2)) query.push(`${pct(p.name)}=${pct(bad)}2`); // repeated: an array
      if (rng.chance(0.1)) query.push(`${pct(p.name)}[__proto__][polluted]=1`);
    }
  }
  if (rng.chance(0.1)) query.push('__proto__[isAdmin]=true', 'constructor[prototype][isAdmin]=true');
  if (query.length) path += `?${query.join('&')}`;

  // Headers.
  for (const p of op.params.filter((x) => x.in === 'header')) {
    const lower = p.name.toLowerCase();
    if (lower === 'if-match') {
      if (violation === 'if-match') {
        const bad = rng.pick([...BAD_IF_MATCH, '(missing)']);
        if (bad !== '(missing)') headers['if-match'] = bad;
      } else {
        headers['if-match'] = ctx.ifMatch(op);
      }
    }
    if (lower === 'idempotency-key') {
      if (violation === 'idempotency-key') headers['idempotency-key'] = rng.pick(['k'.repeat(201), 'k'.repeat(5000), '', ' ', 'ключ-é', 'a b', '\t']);
      else if (rng.chance(0.5)) headers['idempotency-key'] = `fuzz-${rng.int(0, 1e9)}`;
    }
  }
  if (rng.chance(0.1)) headers['x-request-id'] = rng.pick(['', 'x'.repeat(500), '../../', 'é', '\u00ff']);
  if (rng.chance(0.05)) headers.accept = rng.pick(['application/xml', '*/*;q=abc', '', 'text/html']);
  if (rng.chance(0.05)) headers['x-forwarded-for'] = rng.pick(['1.1.1.1, 2.2.2.2', 'not-an-ip', '::1']);

  // Body.
  let body: string | undefined;
  if (op.body) {
    headers['content-type'] = 'application/json';
    const value = sample(op.body, rng, ctx.hints);
    // Noise first: drop or retype a few fields, slip personal data and odd strings in.
    const leaves = leafPaths(value);
    for (let i = 0; i < rng.int(0, 2) && leaves.length; i++) {
      const at = rng.pick(leaves);
      const current = getAt(value, at);
      setAt(value, at, typeof current === 'string' && rng.chance(0.6) ? oddString(rng, ctx.personal) : wrongTyped(rng, current, ctx.personal));
    }
    if (value && typeof value === 'object' && !Array.isArray(value) && rng.chance(0.2)) {
      const keys = Object.keys(value);
      if (keys.length) delete (value as Record<string, Json>)[rng.pick(keys)];
    }
    body = JSON.stringify(value);
    switch (violation) {
      case 'body-not-object':
        body = rng.pick(['[]', '[{}]', '"text"', '42', 'null', 'true', JSON.stringify([value]), JSON.stringify(oddString(rng, ctx.personal))]);
        break;
      case 'body-invalid-json':
        body = rng.pick(['{', '{"a":', "{'type':'ACCEPT'}", '{"a":1,}', '{"a":NaN}', '\ufeff{"a":1}x', '{"a":1}{"b":2}', '{"a":"\\ud800"', '\u0000', body.slice(0, Math.max(1, Math.floor(body.length / 2)))]);
        break;
      case 'body-extra-field': {
        const key = rng.pick(['__proto__', 'constructor', 'prototype', 'isAdmin', 'version', 'id', 'state', 'orgId', 'passwordHash', oddString(rng) || 'x']);
        const extra = rng.pick(['{"isAdmin":true,"roles":["ADMIN"]}', '{"prototype":{"polluted":true}}', 'true', '"x"', '1']);
        body = key === '__proto__' || key === 'constructor' ? withRawKey(body, key, extra) : JSON.stringify({ ...(value as object), [key]: JSON.parse(extra) });
        break;
      }
      case 'body-wrong-type': {
        const candidates = leafPaths(value);
        if (candidates.length && value && typeof value === 'object') {
          const at = rng.pick(candidates);
          setAt(value, at, rng.pick<Json>([{}, { __proto__x: 1 }, [[[]]], { $gt: '' }]));
          body = JSON.stringify(value);
        } else {
          body = '[]';
        }
        break;
      }
      case 'body-too-long-string': {
        const candidates = leafPaths(value).filter((p) => typeof getAt(value, p) === 'string');
        if (candidates.length) {
          setAt(value, rng.pick(candidates), 'ü'.repeat(300_000));
          body = JSON.stringify(value);
        } else {
          body = JSON.stringify('x'.repeat(2_000_000));
        }
        break;
      }
      case 'body-nul': {
        // U+0000, which PostgreSQL cannot store, in an otherwise plausible text field.
        const candidates = leafPaths(value).filter((p) => typeof getAt(value, p) === 'string');
        if (candidates.length) setAt(value, rng.pick(candidates), rng.pick(['\u0000', 'a\u0000b', `${'工'.repeat(3)}\u0000`]));
        else if (value && typeof value === 'object' && !Array.isArray(value)) (value as Record<string, Json>)['x\u0000'] = 1;
        body = JSON.stringify(value);
        if (!candidates.length && !(value && typeof value === 'object' && !Array.isArray(value))) body = '"\u0000"';
        break;
      }
      case 'body-too-large':
        body = JSON.stringify({ ...(value as object), padding: 'p'.repeat(1_100_000) });
        break;
      case 'body-deep':
        body = rng.chance(0.5) ? deeplyNested(rng.pick([2_000, 20_000, 200_000]), rng.chance(0.5)) : withRawKey(body, 'deep', deeplyNested(rng.pick([1_000, 10_000, 100_000]), rng.chance(0.5)));
        break;
      case 'content-type':
        headers['content-type'] = rng.pick(['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=xyz', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'application/jsonx', '']);
        if (headers['content-type'] === '') delete headers['content-type'];
        if (headers['content-type']?.startsWith('application/x-www-form')) body = 'type=ACCEPT&__proto__[admin]=1';
        break;
      default:
        break;
    }
    if (rng.chance(0.05) && violation !== 'content-type') headers['content-encoding'] = rng.pick(['gzip', 'br', 'identity, gzip', 'x-unknown']);
  } else if (rng.chance(0.1)) {
    // A body where none belongs.
    headers['content-type'] = 'application/json';
    body = '{"unexpected":true}';
  }

  return { op, method: op.method, path, headers, body, violation, mutation: op.method !== 'GET' };
}

/** Things an error body must never contain: stack traces, SQL, driver internals. */
export const LEAK_PATTERNS: RegExp[] = [
  /\bat [\w.<>]+ \(.*:\d+:\d+\)/,
  /\.(ts|js):\d+/,
  /node_modules/,
  /\b(SELECT|INSERT|UPDATE|DELETE)\b[\s\S]{0,200}\b(FROM|INTO|SET|WHERE)\b/,
  /syntax error at or near/i,
  /\brelation "/,
  /violates (unique|foreign key|check|not-null) constraint/i,
  /duplicate key value/i,
  /QueryFailedError|DatabaseError|TypeError|RangeError|ReferenceError/,
  /Maximum call stack/i,
];
