/**
 * The cost lines one file normalised into, as a conformance target (typed cost_lines, FOCUS 1.2
 * columns). A file as delivered is checked with rawTarget() over its raw relation.
 */
import type { Engine } from '../../engine/engine';
import { ident, identList, literal } from '../../engine/sql';
import { COST_LINE_COLUMNS } from '../../model/schema';
import type { ConformanceTarget } from './checks';
import { tableTarget } from './evaluate';

/** Canonical columns that are not FOCUS columns (provenance, provider extras). */
const NON_FOCUS = COST_LINE_COLUMNS.map((c) => c.name).filter((n) => n.startsWith('source_') || n.startsWith('x_'));

/**
 * The cost_lines rows loaded from `sourceFile`, typed, with FOCUS columns only. A column that is
 * NULL on every row and not in the source's header was not provided by the source (the canonical
 * table has every column), so it counts as absent: its presence rule judges it, instead of one
 * null violation per row.
 */
export async function loadedTarget(
  engine: Engine,
  sourceFile: string,
  sourceHeaders: readonly string[] = [],
): Promise<ConformanceTarget & { absent: string[] }> {
  const drop = identList(NON_FOCUS.filter((n) => n !== 'source_row'));
  const relation = `(SELECT * EXCLUDE (${drop}) FROM cost_lines WHERE source_file = ${literal(sourceFile)})`;
  const target = await tableTarget(engine, sourceFile, relation, 'source_row');
  const names = [...target.columns.keys()];
  const [filled] = await engine.query(`SELECT ${names.map((n, i) => `count(${ident(n)}) AS c${i}`).join(', ')} FROM ${relation}`);
  const absent = names.filter((n, i) => Number(filled[`c${i}`]) === 0 && !sourceHeaders.includes(n));
  for (const n of absent) target.columns.delete(n);
  return { ...target, absent };
}
