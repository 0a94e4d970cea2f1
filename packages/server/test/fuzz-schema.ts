// fast-check arbitraries read from a route's JSON schema (TypeBox output, as Fastify keeps it): values that
// almost pass validation and values that break it in one place — a missing required field, a wrong type, an
// oversize string, an extra field, unicode, huge numbers, ids that are almost ids.
import fc from 'fast-check';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  patternProperties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
}

/** Strings shaped like Mattermost ids that are not quite valid or not quite the fixtures'. */
export function almostIds(pool: readonly string[]): fc.Arbitrary<string> {
  const some = pool.length > 0 ? [fc.constantFrom(...pool)] : [];
  return fc.oneof(
    ...some,
    ...some.map((a) => a.map((id) => id.slice(0, 25) + (id.endsWith('a') ? 'b' : 'a'))), // one character off
    ...some.map((a) => a.map((id) => id.toUpperCase())),
    fc.stringMatching(/^[a-z0-9]{26}$/),
    fc.stringMatching(/^[a-z0-9]{25}$/),
    fc.stringMatching(/^[a-z0-9]{27}$/),
    fc.constantFrom('me', '', 'null', 'undefined', '0', '-1', '../..', 'x'.repeat(26), 'a'.repeat(600), '\u0000', '%00', '💥'.repeat(13)),
  );
}

// Built once: a grapheme arbitrary is costly to construct, cheap to draw from.
export const unicode = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 });

const junkScalar = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1e308, -1e308, 2 ** 53 + 1, -(2 ** 63), 0.5, '', ' ', 'null', '[]', '{}'),
  fc.string({ maxLength: 20 }),
  unicode,
  fc.integer(),
);

const junk: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: junkScalar },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.constant('x'.repeat(70_000)) },
);

const types = (s: JsonSchema): string[] => (s.type === undefined ? [] : [s.type].flat());

function mergeAllOf(s: JsonSchema): JsonSchema {
  if (!s.allOf) return s;
  const parts = s.allOf.map(mergeAllOf);
  return {
    type: 'object',
    properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})),
    required: parts.flatMap((p) => p.required ?? []),
  };
}

const looksLikeId = (key: string) => key === 'id' || key.endsWith('_id') || key.endsWith('_ids') || key === 'ids';

export class SchemaArbitraries {
  private readonly ids: fc.Arbitrary<string>;

  constructor(private readonly pool: readonly string[]) {
    this.ids = almostIds(pool);
  }

  /** A value that satisfies the schema, or nearly (strings stay short; ids come from the pool). */
  valid(schema: JsonSchema, key = '', depth = 0): fc.Arbitrary<unknown> {
    const s = mergeAllOf(schema);
    if (s.const !== undefined) return fc.constant(s.const);
    if (s.enum) return fc.constantFrom(...s.enum);
    const alternatives = s.anyOf ?? s.oneOf;
    if (alternatives) return fc.oneof(...alternatives.map((a) => this.valid(a, key, depth)));
    const t = types(s);
    if (t.length > 1) return fc.oneof(...t.map((one) => this.valid({ ...s, type: one }, key, depth)));
    switch (t[0]) {
      case 'string': {
        const max = Math.min(s.maxLength ?? 40, 40);
        const min = Math.min(s.minLength ?? 0, max);
        const plain = fc.string({ minLength: min, maxLength: max });
        return looksLikeId(key) ? fc.oneof(this.ids.filter((v) => v.length <= (s.maxLength ?? Infinity)), plain) : plain;
      }
      case 'integer':
        return fc.integer({ min: Math.max(s.minimum ?? -1000, -(2 ** 31)), max: Math.min(s.maximum ?? 1_000_000, 2 ** 31) });
      case 'number':
        return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array':
        if (depth > 3) return fc.constant([]);
        return fc.array(this.valid(s.items ?? {}, key, depth + 1), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, 4) });
      case 'object': {
        if (depth > 3) return fc.constant({});
        const props = s.properties ?? {};
        if (Object.keys(props).length === 0) return fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 });
        const record = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, this.valid(v, k, depth + 1)]));
        return fc.record(record, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
      }
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  }

  /** A value broken in one place: the schema's own validation (or the handler's) must refuse it with a 4xx. */
  invalid(schema: JsonSchema, key = '', depth = 0): fc.Arbitrary<unknown> {
    const s = mergeAllOf(schema);
    const alternatives = s.anyOf ?? s.oneOf;
    if (alternatives) return fc.oneof(...alternatives.map((a) => this.invalid(a, key, depth)));
    const t = types(s)[0];
    const wrongType = junk;
    switch (t) {
      case 'string':
        return fc.oneof(
          wrongType,
          fc.constant('x'.repeat((s.maxLength ?? 65_535) + 1)),
          unicode,
          fc.constantFrom('\u0000', '\uFFFF\uD800', '<script>alert(1)</script>', "' OR 1=1 --", '${7*7}', '%s%n'),
          this.ids,
        );
      case 'integer':
      case 'number':
        return fc.oneof(fc.constantFrom(-1, -(2 ** 31) - 1, 2 ** 53 + 1, 1e308, -1e308, 0.5, '1', '', null, true), wrongType);
      case 'boolean':
        return fc.oneof(fc.constantFrom('true', 1, 0, null, 'yes'), wrongType);
      case 'array': {
        const item = s.items ?? {};
        return fc.oneof(
          wrongType,
          fc.array(this.invalid(item, key, depth + 1), { minLength: 1, maxLength: 3 }),
          fc.constant(Array.from({ length: (s.maxItems ?? 1000) + 1 }, (_, i) => (types(item)[0] === 'string' ? `x${i}` : { i }))),
          fc.dictionary(fc.string({ maxLength: 5 }), junkScalar, { maxKeys: 2 }),
        );
      }
      case 'object': {
        const props = Object.keys(s.properties ?? {});
        const base = this.valid(s, key, depth) as fc.Arbitrary<Record<string, unknown>>;
        const mutations: fc.Arbitrary<unknown>[] = [
          wrongType,
          fc.array(junkScalar, { maxLength: 3 }),
          // Extra fields, including ones that look privileged.
          fc.tuple(base, fc.dictionary(fc.constantFrom('roles', 'is_bot', 'delete_at', 'create_at', 'user_id', 'id', '__proto__', 'constructor', 'zz_extra'), junk, { minKeys: 1, maxKeys: 3 })).map(([b, extra]) => ({ ...b, ...extra })),
        ];
        const required = (s.required ?? []).filter((k) => props.includes(k));
        if (required.length > 0) {
          mutations.push(fc.tuple(base, fc.constantFrom(...required)).map(([b, k]) => Object.fromEntries(Object.entries(b).filter(([kk]) => kk !== k))));
        }
        if (props.length > 0 && depth < 3) {
          mutations.push(...props.map((k) => fc.tuple(base, this.invalid(s.properties![k]!, k, depth + 1)).map(([b, v]) => ({ ...b, [k]: v }))));
        }
        return fc.oneof(...mutations);
      }
      default:
        return junk;
    }
  }
}
