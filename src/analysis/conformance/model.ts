/**
 * The FinOps Foundation's machine-readable FOCUS conformance rules (model-1.2.json, vendored in
 * focus-validator/ beside this file with its MIT licence), read as data, plus the tree facts the
 * evaluator needs: each rule's parent composite (conditions and applicability criteria of a
 * composite apply to everything under it).
 */
import modelJson from './focus-validator/model-1.2.json';
import { ERRATA } from './errata';

export type Keyword = 'MUST' | 'MUST NOT' | 'SHOULD' | 'SHOULD NOT' | 'RECOMMENDED' | 'MAY';

/** One node of a Requirement or Condition: a check function and its arguments. */
export interface Check {
  CheckFunction: string;
  Items?: Check[];
  ColumnName?: string;
  ColumnAName?: string;
  ColumnBName?: string;
  ResultColumnName?: string;
  ModelRuleId?: string;
  ExpectedCount?: number;
  Value?: string | number | null;
}

export interface ModelRule {
  id: string;
  /** 'Composite' | 'Validation' | 'Nullability' | 'Format' | 'Presence' | 'Type' */
  function: string;
  /** The column, dataset or attribute the rule is about. */
  reference: string;
  entity: 'Column' | 'Dataset' | 'Attribute';
  /** 'Static' rules carry a machine-checkable requirement; 'Dynamic' ones only prose. */
  type: 'Static' | 'Dynamic';
  keyword: Keyword;
  statement: string;
  applicability: string[];
  requirement: Check | null;
  condition: Check | null;
  /** Where the model disagrees with the specification text and was corrected (errata.ts): why. */
  erratum?: string;
  /** The text's condition has no column to test: reported as not checked, with the erratum. */
  notCheckable?: true;
}

export interface RuleModel {
  version: string;
  rules: Map<string, ModelRule>;
  /** Capability flags rules can be gated on (e.g. AVAILABILITY_ZONE_SUPPORTED) -> description. */
  criteria: Record<string, string>;
  /** rule id -> the composite it is evaluated under (none for the roots). */
  parent: Map<string, string>;
}

interface RawRule {
  Function: string;
  Reference: string;
  EntityType: string;
  Type: string;
  ApplicabilityCriteria: string[];
  ValidationCriteria: { MustSatisfy: string; Keyword: string; Requirement: unknown; Condition: unknown };
}

interface RawModel {
  Details: { ModelVersion: string; FOCUSVersion: string };
  ApplicabilityCriteria: Record<string, { Description: string }>;
  ModelRules: Record<string, RawRule>;
}

/**
 * Normalises a requirement/condition node. The published model writes a few conditions as
 * `{"AND": [...]}` or `{"AND": {...}}` instead of `{"CheckFunction": "AND", "Items": [...]}`;
 * both mean the same conjunction.
 */
export function normaliseCheck(node: unknown): Check | null {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return null;
  const o = node as Record<string, unknown>;
  if (Object.keys(o).length === 0) return null;
  if (typeof o.CheckFunction !== 'string') {
    for (const op of ['AND', 'OR']) {
      if (op in o) {
        const inner = o[op];
        const items = (Array.isArray(inner) ? inner : [inner]).map(normaliseCheck).filter((c): c is Check => c !== null);
        return { CheckFunction: op, Items: items };
      }
    }
    return { CheckFunction: '(malformed)' };
  }
  const out = { ...o } as unknown as Check;
  // Two conditions name their column under "CheckCondition".
  if (out.ColumnName === undefined && typeof o.CheckCondition === 'string') out.ColumnName = o.CheckCondition;
  if (Array.isArray(o.Items)) out.Items = o.Items.map(normaliseCheck).filter((c): c is Check => c !== null);
  return out;
}

/** Rule ids referenced by CheckModelRule anywhere under `c`. */
export function childRuleIds(c: Check | null): string[] {
  if (!c) return [];
  if (c.CheckFunction === 'CheckModelRule' && c.ModelRuleId) return [c.ModelRuleId];
  return (c.Items ?? []).flatMap(childRuleIds);
}

export function parseRuleModel(json: unknown): RuleModel {
  const raw = json as RawModel;
  const rules = new Map<string, ModelRule>();
  for (const [id, r] of Object.entries(raw.ModelRules)) {
    const rule: ModelRule = {
      id,
      function: r.Function,
      reference: r.Reference,
      entity: r.EntityType as ModelRule['entity'],
      type: r.Type as ModelRule['type'],
      keyword: r.ValidationCriteria.Keyword as Keyword,
      statement: r.ValidationCriteria.MustSatisfy,
      applicability: r.ApplicabilityCriteria ?? [],
      requirement: normaliseCheck(r.ValidationCriteria.Requirement),
      condition: normaliseCheck(r.ValidationCriteria.Condition),
    };
    rules.set(id, corrected(rule));
  }
  // A rule listed under two composites (the column's root and a nested one) is evaluated under
  // the later, more specific one, whose condition is the one the rule's text assumes.
  const parent = new Map<string, string>();
  for (const r of rules.values()) {
    if (r.function !== 'Composite') continue;
    for (const child of childRuleIds(r.requirement)) parent.set(child, r.id);
  }
  const criteria = Object.fromEntries(Object.entries(raw.ApplicabilityCriteria).map(([k, v]) => [k, v.Description]));
  return { version: raw.Details.FOCUSVersion, rules, criteria, parent };
}

function nullTest(c: Check | null): { column: string; negated: boolean; value: string | number | null } | null {
  if (!c || (c.CheckFunction !== 'CheckValue' && c.CheckFunction !== 'CheckNotValue') || !c.ColumnName) return null;
  return { column: c.ColumnName, negated: c.CheckFunction === 'CheckNotValue', value: c.Value ?? null };
}

/**
 * Where a rule's machine-readable requirement or condition says the opposite of its own
 * statement (e.g. "MUST be null when X is null" encoded as "not null"), the rule is reported as
 * not checked rather than enforcing either reading. Returns the contradiction, or null.
 */
export function modelInconsistency(rule: ModelRule): string | null {
  const req = nullTest(rule.requirement);
  const m = /^(\w+) (?:MUST|SHOULD)( NOT)? be null\b/.exec(rule.statement);
  if (req && m && req.column === m[1] && req.value === null && req.negated !== Boolean(m[2])) {
    return `the statement says "${m[1]}${m[2] ?? ''} be null" but the requirement checks ${req.negated ? 'not null' : 'null'}`;
  }
  const cond = nullTest(rule.condition);
  const w = /\bwhen (\w+) is (not )?(null|"[^"]+")/i.exec(rule.statement);
  if (cond && w && cond.column === w[1]) {
    const value = w[3] === 'null' ? null : w[3].slice(1, -1);
    if (cond.value === value && cond.negated !== Boolean(w[2])) {
      return `the statement says "when ${w[1]} is ${w[2] ?? ''}${w[3]}" but the condition checks the opposite`;
    }
  }
  return null;
}

/** The rule as the specification text states it (unchanged when no erratum applies). */
function corrected(rule: ModelRule): ModelRule {
  const e = ERRATA[rule.id];
  if (!e) return rule;
  return { ...rule, requirement: e.requirement ? normaliseCheck(e.requirement) : rule.requirement, erratum: e.reason, notCheckable: e.notCheckable };
}

let cached: RuleModel | null = null;

/** The FOCUS 1.2 rule model shipped with the app. */
export function focusRuleModel(): RuleModel {
  cached ??= parseRuleModel(modelJson);
  return cached;
}
