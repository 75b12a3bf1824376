/**
 * FOCUS conformance: evaluates every rule of the FinOps Foundation model against one dataset
 * through the Engine and reports, per rule id, pass / fail (MUST) / warn (SHOULD, RECOMMENDED)
 * with violation counts and example source rows, or why the rule was not checked. Nothing is
 * passed silently: prose-only (Dynamic) rules, MAY permissions, capability-gated rules whose
 * capability is unknown, and checks without an SQL form are all listed as "not checked".
 */
import type { Engine } from '../../engine/engine';
import { ident, identList, literal } from '../../engine/sql';
import { compile, keyValueProblem, type Compiled, type ConformanceTarget } from './checks';
import { childRuleIds, focusRuleModel, modelInconsistency, type ModelRule, type RuleModel } from './model';

export type RuleStatus = 'pass' | 'fail' | 'warn' | 'not-checked' | 'not-applicable';

export interface RuleExample {
  row: number | null;
  values: Record<string, unknown>;
}

export interface RuleResult {
  id: string;
  reference: string;
  function: string;
  keyword: string;
  statement: string;
  status: RuleStatus;
  /** Why the rule was not checked / not applicable, or what a failed dataset check found. */
  reason?: string;
  /** Rows (or groups, or values) the requirement was evaluated on. */
  checked?: number;
  violations?: number;
  examples?: RuleExample[];
}

export interface ConformanceReport {
  dataset: string;
  focusVersion: string;
  rows: number;
  summary: Record<RuleStatus, number>;
  rules: RuleResult[];
}

export interface ConformanceOptions {
  /** Provider capabilities (ApplicabilityCriteria) to treat as supported; 'all' for every one. */
  supports?: readonly string[] | 'all';
  /** Example rows per violated rule (default 3). */
  examples?: number;
  /** Raw targets only: cell texts that mean NULL besides the empty cell (e.g. 'NULL'). */
  nullStrings?: readonly string[];
  /** Columns a newer FOCUS version replaced -> why: their rules are not applicable when the column is absent. */
  superseded?: Readonly<Record<string, string>>;
}

const STRICT = new Set(['MUST', 'MUST NOT']);

let seq = 0;

/** The chain of composites above a rule, outermost first. */
function ancestors(model: RuleModel, id: string): ModelRule[] {
  const out: ModelRule[] = [];
  const seen = new Set<string>();
  for (let p = model.parent.get(id); p && !seen.has(p); p = model.parent.get(p)) {
    seen.add(p);
    out.unshift(model.rules.get(p)!);
  }
  return out;
}

function subjectColumn(rule: ModelRule): string | null {
  if (rule.entity === 'Column') return rule.reference;
  const r = rule.requirement;
  return r?.CheckFunction === 'ColumnPresent' ? (r.ColumnName ?? null) : null;
}

class Evaluator {
  private readonly results = new Map<string, RuleResult>();
  private readonly pending: { rule: ModelRule; out: RuleResult; where: string; test: string; columns: string[] }[] = [];
  private readonly supports: Set<string> | 'all';

  constructor(
    private readonly engine: Engine,
    private readonly model: RuleModel,
    private readonly target: ConformanceTarget,
    private readonly opts: ConformanceOptions,
  ) {
    this.supports = opts.supports === 'all' ? 'all' : new Set(opts.supports ?? []);
  }

  private base(rule: ModelRule): RuleResult {
    return { id: rule.id, reference: rule.reference, function: rule.function, keyword: rule.keyword, statement: rule.statement, status: 'pass' };
  }

  private verdict(rule: ModelRule, violations: number): RuleStatus {
    if (violations === 0) return 'pass';
    return STRICT.has(rule.keyword) ? 'fail' : 'warn';
  }

  async leaf(rule: ModelRule): Promise<RuleResult> {
    const out = this.base(rule);
    const notChecked = (reason: string): RuleResult => ({ ...out, status: 'not-checked', reason });
    if (rule.type === 'Dynamic' || !rule.requirement) {
      return notChecked('the model states this rule in prose only (Dynamic rule, no machine-checkable requirement)');
    }
    if (rule.keyword === 'MAY') return notChecked('MAY grants a permission: there is nothing to violate');
    const about = subjectColumn(rule);
    const superseded = about && !this.target.columns.has(about) ? this.opts.superseded?.[about] : undefined;
    if (superseded) return { ...out, status: 'not-applicable', reason: superseded };
    if (rule.notCheckable) return notChecked(`model-1.2.json erratum: ${rule.erratum}`);
    const contradiction = modelInconsistency(rule);
    if (contradiction) return notChecked(`model-1.2.json contradicts itself: ${contradiction}`);

    const chain = ancestors(this.model, rule.id);
    const criteria = [...new Set([...chain.flatMap((r) => r.applicability), ...rule.applicability])];
    const undeclared = this.supports === 'all' ? [] : criteria.filter((c) => !(this.supports as Set<string>).has(c));
    const subject = subjectColumn(rule);
    if (undeclared.length > 0 && !(subject && this.target.columns.has(subject))) {
      // The dataset itself shows a capability when the column it concerns is present.
      const what = undeclared.map((c) => `${c} (${this.model.criteria[c] ?? 'provider capability'})`).join(', ');
      if (rule.entity === 'Column') return { ...out, status: 'not-applicable', reason: `column ${subject} is absent and applies only when: ${what}` };
      return notChecked(`applies only when: ${what}; declare the capability to check it`);
    }

    // "MUST be null when the charge is not associated with an invoice": the condition exists
    // only in prose; enforcing the requirement on every row would misreport.
    const when = /(?<!except )\bwhen\b.*/i.exec(rule.statement);
    if (when && criteria.length === 0 && !rule.condition && chain.every((r) => !r.condition)) {
      return notChecked(`its condition ("${when[0].slice(0, 80)}") is stated in prose only, not encoded in the model`);
    }

    const req = compile(rule.requirement, this.target);
    const conds: string[] = [];
    for (const c of [...chain.map((r) => r.condition), rule.condition]) {
      if (!c) continue;
      const cc = compile(c, this.target);
      if (cc.kind !== 'row') return notChecked(`its condition cannot be evaluated (${cc.kind === 'unsupported' ? cc.reason : cc.kind})`);
      // A condition on an absent column would read NULL on every row and judge rows it says nothing
      // about; the model lists that column's rules as dependencies, and its presence is a rule of its own.
      if (cc.missing.length > 0) {
        return { ...out, status: 'not-applicable', reason: `its condition needs column ${cc.missing.join(', ')}, which is not in the dataset` };
      }
      conds.push(cc.sql);
    }
    const where = conds.length ? conds.map((c) => `(${c})`).join(' AND ') : 'true';
    return this.run(rule, out, req, where);
  }

  private async run(rule: ModelRule, out: RuleResult, req: Compiled, where: string): Promise<RuleResult> {
    const rel = this.target.relation;
    const rowCol = ident(this.target.rowColumn);
    const limit = this.opts.examples ?? 3;
    if (req.kind === 'unsupported') return { ...out, status: 'not-checked', reason: req.reason };
    if (req.kind === 'present') {
      const present = this.target.columns.has(req.column);
      return { ...out, status: this.verdict(rule, present ? 0 : 1), reason: present ? undefined : `column ${req.column} is not in the dataset` };
    }
    if (req.kind === 'type') {
      const type = this.target.columns.get(req.column);
      return {
        ...out,
        status: this.verdict(rule, req.ok ? 0 : 1),
        reason: req.ok ? undefined : `column ${req.column} is ${type}, expected ${req.expected}`,
      };
    }
    if (req.missing.length > 0) {
      return {
        ...out,
        status: 'not-applicable',
        reason: `column ${req.missing.join(', ')} is not in the dataset (its presence is a rule of its own)`,
      };
    }
    if (req.kind === 'row') {
      // Counted later, together with every other row check, in one scan (see countRowChecks).
      this.pending.push({ rule, out, where, test: `COALESCE(${req.sql}, false)`, columns: req.columns });
      return { ...out, status: 'not-checked', reason: 'pending' };
    }
    if (req.kind === 'distinct') {
      const a = ident(req.a);
      const b = ident(req.b);
      const groups = await this.engine.query<{ a: string; n: number; r: number }>(
        `SELECT CAST(${a} AS VARCHAR) AS a, count(DISTINCT ${b}) AS n, min(${rowCol}) AS r
         FROM ${rel} WHERE (${where}) AND ${a} IS NOT NULL GROUP BY ${a}`,
      );
      const bad = groups.filter((g) => g.n !== req.expected).sort((x, y) => x.r - y.r);
      return {
        ...out,
        status: this.verdict(rule, bad.length),
        checked: groups.length,
        violations: bad.length,
        examples: bad.length ? bad.slice(0, limit).map((g) => ({ row: g.r, values: { [req.a]: g.a, [`distinct ${req.b}`]: g.n } })) : undefined,
      };
    }
    // Key-value columns: each distinct text is parsed once in JS.
    const col = ident(req.column);
    const values = await this.engine.query<{ v: string; n: number; r: number }>(
      `SELECT CAST(${col} AS VARCHAR) AS v, count(*) AS n, min(${rowCol}) AS r FROM ${rel} WHERE (${where}) AND ${col} IS NOT NULL GROUP BY 1`,
    );
    let checked = 0;
    let bad = 0;
    const examples: RuleExample[] = [];
    for (const { v, n, r } of values.sort((x, y) => x.r - y.r)) {
      checked += n;
      const problem = keyValueProblem(v);
      if (!problem) continue;
      bad += n;
      if (examples.length < limit) examples.push({ row: r, values: { [req.column]: v, problem } });
    }
    return { ...out, status: this.verdict(rule, bad), checked, violations: bad, examples: examples.length ? examples : undefined };
  }

  /** A composite's status follows from its parts (evaluated first). */
  composite(rule: ModelRule): RuleResult {
    const parts = childRuleIds(rule.requirement).map((id) => this.results.get(id)!);
    const out = this.base(rule);
    const count = (s: RuleStatus) => parts.filter((p) => p.status === s).length;
    if (count('fail') > 0)
      return { ...out, status: STRICT.has(rule.keyword) ? 'fail' : 'warn', reason: `${count('fail')} of ${parts.length} parts fail` };
    if (count('warn') > 0) return { ...out, status: 'warn', reason: `${count('warn')} of ${parts.length} parts warn` };
    const open = count('not-checked');
    if (parts.length > 0 && count('not-applicable') === parts.length) return { ...out, status: 'not-applicable', reason: 'no part applies' };
    if (open === 0) return out;
    if (count('pass') === 0) return { ...out, status: 'not-checked', reason: `none of its ${parts.length} parts could be checked` };
    return { ...out, status: 'pass', reason: `${open} of ${parts.length} parts not checked; the others pass` };
  }

  /** Counts every pending row check in batched single-scan queries, then fetches examples. */
  private async countRowChecks(): Promise<void> {
    const rel = this.target.relation;
    const rowCol = ident(this.target.rowColumn);
    const limit = this.opts.examples ?? 3;
    for (let i = 0; i < this.pending.length; i += 100) {
      const batch = this.pending.slice(i, i + 100);
      const aggs = batch.flatMap((p, j) => [
        `count(*) FILTER (WHERE ${p.where}) AS c${j}`,
        `count(*) FILTER (WHERE (${p.where}) AND NOT ${p.test}) AS b${j}`,
      ]);
      const [counts] = await this.engine.query(`SELECT ${aggs.join(', ')} FROM ${rel}`);
      for (let j = 0; j < batch.length; j++) {
        const p = batch[j];
        const checked = Number(counts[`c${j}`]);
        const bad = Number(counts[`b${j}`]);
        const res: RuleResult = { ...p.out, status: this.verdict(p.rule, bad), checked, violations: bad };
        if (bad > 0) {
          const rows = await this.engine.query(
            `SELECT ${rowCol} AS "__example_row", ${identList(p.columns)} FROM ${rel} WHERE (${p.where}) AND NOT ${p.test} ORDER BY ${rowCol} LIMIT ${limit}`,
          );
          res.examples = rows.map(({ __example_row, ...values }) => ({ row: __example_row as number, values }));
        }
        this.results.set(p.rule.id, res);
      }
    }
  }

  async evaluate(): Promise<RuleResult[]> {
    const ids = [...this.model.rules.keys()];
    const isComposite = (r: ModelRule) => r.function === 'Composite' && r.type === 'Static' && r.requirement !== null;
    for (const id of ids) {
      const rule = this.model.rules.get(id)!;
      if (!isComposite(rule)) this.results.set(id, await this.leaf(rule));
    }
    await this.countRowChecks();
    const visit = (id: string): RuleResult => {
      const done = this.results.get(id);
      if (done) return done;
      const rule = this.model.rules.get(id)!;
      for (const c of childRuleIds(rule.requirement)) visit(c);
      const res = this.composite(rule);
      this.results.set(id, res);
      return res;
    };
    return ids.map(visit);
  }
}

/**
 * Checks one dataset against the FOCUS rule model. The dataset is copied once into a temporary
 * table (raw text with null markers turned into NULL) so that each rule's query scans memory.
 */
export async function checkConformance(
  engine: Engine,
  target: ConformanceTarget,
  opts: ConformanceOptions = {},
  model: RuleModel = focusRuleModel(),
): Promise<ConformanceReport> {
  const table = `__conformance_${++seq}`;
  const nulls = ['', ...(opts.nullStrings ?? [])].map(literal).join(', ');
  const cols = [...target.columns.keys()].map((c) =>
    target.raw ? `CASE WHEN ${ident(c)} IN (${nulls}) THEN NULL ELSE ${ident(c)} END AS ${ident(c)}` : ident(c),
  );
  await engine.exec(`CREATE TEMP TABLE ${ident(table)} AS SELECT ${[ident(target.rowColumn), ...cols].join(', ')} FROM ${target.relation}`);
  try {
    const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*) AS n FROM ${ident(table)}`);
    const rules = await new Evaluator(engine, model, { ...target, relation: ident(table) }, opts).evaluate();
    const summary: Record<RuleStatus, number> = { pass: 0, fail: 0, warn: 0, 'not-checked': 0, 'not-applicable': 0 };
    for (const r of rules) summary[r.status]++;
    return { dataset: target.name, focusVersion: model.version, rows: n, summary, rules };
  } finally {
    await engine.exec(`DROP TABLE IF EXISTS ${ident(table)}`);
  }
}

/** A raw relation (every column VARCHAR + `__row`) as a conformance target. */
export function rawTarget(name: string, relation: string, headers: readonly string[]): ConformanceTarget {
  return { name, relation, columns: new Map(headers.filter((h) => h !== '__row').map((h) => [h, 'VARCHAR'])), rowColumn: '__row', raw: true };
}

/** A typed table or relation (e.g. cost_lines rows of one file); types are read from DuckDB. */
export async function tableTarget(engine: Engine, name: string, relation: string, rowColumn = 'source_row'): Promise<ConformanceTarget> {
  const cols = await engine.query<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM ${relation}`);
  const columns = new Map(cols.filter((c) => c.column_name !== rowColumn).map((c) => [c.column_name, c.column_type]));
  return { name, relation, columns, rowColumn, raw: false };
}
