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

/**
 * The path, message and input of one valibot issue. A strict object's unknown key is itself the
 * field named; a record's bad key names the record (`minAmount`, not `minAmount.XYZ`).
 */
export function schemaProblem(issue: v.BaseIssue<unknown>): SchemaProblem {
  let path = '';
  for (const item of issue.path ?? []) {
    if ('origin' in item && item.origin === 'key' && issue.type !== 'strict_object') break;
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
export function jsonObject<S extends v.GenericSchema>(
  schema: S,
  message: string,
): v.GenericSchema<unknown, v.InferOutput<S>> {
  const isObject = v.custom<unknown>((x) => typeof x === 'object' && x !== null && !Array.isArray(x), message);
  return v.pipe(isObject, schema);
}

/** The decimal's value at `scale` decimals, or null when it is not one (for schema checks on money text). */
export function decimalOrNull(text: string, scale = 18): bigint | null {
  try {
    return parseDecimal(text, scale);
  } catch {
    return null;
  }
}
