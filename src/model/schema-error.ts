/**
 * Valibot schemas as the project's one-line user errors. Every file format validated with a
 * schema (config, policy, proposals, review workspace, audit log) reports its first problem as
 * file + field path + what was expected, through `parseWithSchema`, so the mapping exists once.
 * Each schema's messages say what was expected; each caller words the line as its tests pin it.
 */
import * as v from 'valibot';
import { UserError } from './errors';
import { parseDecimal } from './money';

export interface SchemaProblem {
  /** Field path: `tolerance.absolute`, `provider_invoices[0].currency`; '' for the value itself. */
  path: string;
  /** The failing schema's message: what was expected. */
  expected: string;
  /** What was found (for an unknown key of a strict object, the key). */
  got: unknown;
}

const OBJECT_TYPES = new Set(['object', 'loose_object', 'strict_object']);

/**
 * The path, message and input of one valibot issue. An object's missing or unknown key is itself
 * the field named; a record's bad key names the record (`minAmount`, not `minAmount.XYZ`).
 */
export function schemaProblem(issue: v.BaseIssue<unknown>): SchemaProblem {
  let path = '';
  for (const item of issue.path ?? []) {
    if ('origin' in item && item.origin === 'key' && !OBJECT_TYPES.has(issue.type)) break;
    if (typeof item.key === 'number') path += `[${item.key}]`;
    else path += (path ? '.' : '') + String(item.key);
  }
  return { path, expected: issue.message, got: issue.input };
}

/**
 * Parses `value` with `schema`; on failure throws a UserError for `file` whose message is
 * `line(problem)` for the first problem found.
 */
export function parseWithSchema<S extends v.GenericSchema>(
  schema: S,
  value: unknown,
  file: string,
  line: (p: SchemaProblem) => string,
): v.InferOutput<S> {
  const r = v.safeParse(schema, value, { abortEarly: true });
  if (r.success) return r.output;
  const p = schemaProblem(r.issues[0]);
  throw new UserError(line(p), { file, column: p.path || undefined, expected: p.expected });
}

/** valibot's object and record schemas take arrays too; a JSON file's objects must not be lists. */
export function notList<S extends v.GenericSchema>(schema: S, message: string): v.GenericSchema<Record<string, unknown>, v.InferOutput<S>> {
  const isObject = v.custom<Record<string, unknown>>((x) => typeof x === 'object' && x !== null && !Array.isArray(x), message);
  return v.pipe(isObject, schema as v.GenericSchema<Record<string, unknown>, v.InferOutput<S>>);
}

/** A missing key is reported with what its own schema says about an absent value. */
const missingKey =
  (entries: v.ObjectEntries, otherwise: string) =>
  (issue: v.BaseIssue<unknown>): string => {
    const key = issue.expected?.startsWith('"') ? issue.path?.at(-1)?.key : undefined;
    const schema = typeof key === 'string' ? entries[key] : undefined;
    return (schema && v.safeParse(schema, undefined).issues?.[0].message) || otherwise;
  };

/** A JSON object with these fields (others are dropped); `message` says what the value should be. */
export function jsonObject<E extends v.ObjectEntries>(entries: E, message: string) {
  return notList(v.object(entries, missingKey(entries, message)), message);
}

/** A JSON object with only these fields; `unknownKey` says what an unknown key should have been. */
export function strictJsonObject<E extends v.ObjectEntries>(entries: E, message: string, unknownKey: string) {
  const unknown = missingKey(entries, message);
  return notList(
    v.strictObject(entries, (i) => (i.expected === 'never' ? unknownKey : unknown(i))),
    message,
  );
}

/** The decimal's value at `scale` decimals, or null when it is not one (for schema checks on money text). */
export function decimalOrNull(text: string, scale = 18): bigint | null {
  try {
    return parseDecimal(text, scale);
  } catch {
    return null;
  }
}
