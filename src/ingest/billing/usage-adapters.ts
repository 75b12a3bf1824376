/**
 * Usage (metering) adapters -> usage_events. Defaults need no configuration: the quantity is the
 * event's `value` property when present, else each event counts 1; a per-meter override names
 * another property (or '1' to count events). Nested JSON arrives either flattened by the raw
 * reader (`data.value`) or as JSON text (`data`); both are read.
 */
import { literal } from '../../engine/sql';
import type { Adapter, MapContext } from '../adapter';
import { canonicalSelect, jsonObjectSql } from './canonical-select';
import {
  decimalSql,
  failSql,
  findHeader,
  requiredHeaders,
  headerKey,
  jsonNumberSql,
  text,
  timestampSql,
} from './sql-exprs';

/** Per-meter quantity property: meter/sku -> property name (`tokens`, `data.tokens`) or '1'. */
export type MeterQuantityOverrides = Record<string, string>;

const INGESTED_AT = ['ingested_at', 'ingestedAt', 'ingesttime', 'received_at', 'receivedAt', 'x_ingested_at'];

/** Columns nested under `prefix` (`data.value` -> key `value`). */
function nested(headers: readonly string[], prefix: string): { key: string; col: string }[] {
  const p = headerKey(prefix) + '_';
  return headers
    .filter((h) => headerKey(h).startsWith(p) && h.length > prefix.length + 1)
    .map((h) => ({ key: h.slice(prefix.length + 1), col: h }));
}

/** A numeric property of the nested object, from a flattened column or the JSON text column. */
function propertySql(headers: readonly string[], prefix: string, prop: string): string | null {
  const flat = findHeader(headers, `${prefix}.${prop}`, `${prefix}_${prop}`);
  if (flat) return text(flat);
  const json = findHeader(headers, prefix);
  return json ? jsonNumberSql(json, prop) : null;
}

/** The quantity: per-meter overrides first, then `<prefix>.value`, else 1 per event. */
function quantitySqlFor(
  headers: readonly string[],
  prefix: string,
  skuExpr: string,
  overrides: MeterQuantityOverrides,
  defaultProp = 'value',
): string {
  const asQty = (valueExpr: string, what: string) =>
    `CASE WHEN TRY_CAST(${valueExpr} AS DECIMAL(38,18)) IS NULL THEN ${failSql(what, 'a number', valueExpr)} ` +
    `WHEN CAST(${valueExpr} AS DECIMAL(38,18)) < 0 THEN ${failSql(what, 'a quantity of 0 or more', valueExpr)} ` +
    `ELSE CAST(${valueExpr} AS DECIMAL(38,18)) END`;
  const branches: string[] = [];
  for (const [meter, propRaw] of Object.entries(overrides)) {
    const prop = propRaw.startsWith(prefix + '.') ? propRaw.slice(prefix.length + 1) : propRaw;
    let e: string;
    if (prop === '1' || prop === 'count') e = '1';
    else {
      const p = propertySql(headers, prefix, prop);
      e = p ? asQty(p, `${prefix}.${prop}`) : failSql(`${prefix}.${prop}`, `a number (the quantity of meter ${meter})`, 'NULL');
    }
    branches.push(`WHEN ${skuExpr} = ${literal(meter)} THEN ${e}`);
  }
  const def = propertySql(headers, prefix, defaultProp);
  const fallback = def ? `CASE WHEN ${def} IS NULL THEN 1 ELSE ${asQty(def, `${prefix}.${defaultProp}`)} END` : '1';
  return branches.length ? `CASE ${branches.join(' ')} ELSE ${fallback} END` : fallback;
}

function propertiesSql(headers: readonly string[], prefix: string): string {
  const json = findHeader(headers, prefix);
  if (json) return text(json);
  return jsonObjectSql(nested(headers, prefix));
}

/** CloudEvents 1.0 as exported by OpenMeter: id, source, type, subject, time, data{...}. */
export function cloudEventsAdapter(overrides: MeterQuantityOverrides = {}): Adapter {
  const format = 'cloudevents';
  return {
    format,
    kind: 'usage',
    table: 'usage_events',
    label: 'CloudEvents 1.0 usage events (OpenMeter)',
    detect(h) {
      const core = ['id', 'source', 'type', 'time'].every((c) => findHeader(h, c));
      if (!core) return null;
      return { score: findHeader(h, 'specversion') ? 0.95 : findHeader(h, 'subject') ? 0.6 : 0.3 };
    },
    requiredColumns: (h) => requiredHeaders(h, ['id', 'source', 'type', 'time']),
    signature: ['specversion', 'id', 'source', 'type', 'subject', 'time'],
    typedColumns: () => ({}),
    selectSql(h, ctx: MapContext) {
      const sku = text(findHeader(h, 'type'));
      return canonicalSelect(
        'usage_events',
        format,
        {
          event_id: text(findHeader(h, 'id')),
          source: text(findHeader(h, 'source')),
          customer_id: text(findHeader(h, 'subject')),
          sku,
          ts: timestampSql(findHeader(h, 'time')),
          ingested_at: timestampSql(findHeader(h, ...INGESTED_AT)),
          quantity: quantitySqlFor(h, 'data', sku, overrides),
          properties: propertiesSql(h, 'data'),
        },
        ctx,
      );
    },
  };
}

/** Lago events: transaction_id, external_subscription_id (or external_customer_id), code, timestamp, properties. */
export function lagoEventsAdapter(overrides: MeterQuantityOverrides = {}): Adapter {
  const format = 'lago-events';
  return {
    format,
    kind: 'usage',
    table: 'usage_events',
    label: 'Lago usage events',
    detect(h) {
      const ok = findHeader(h, 'transaction_id') && findHeader(h, 'code') && findHeader(h, 'external_subscription_id', 'external_customer_id');
      return ok ? { score: 0.9 } : null;
    },
    requiredColumns: (h) => requiredHeaders(h, ['transaction_id', 'code']),
    signature: ['transaction_id', 'external_subscription_id', 'code', 'timestamp'],
    typedColumns: () => ({}),
    selectSql(h, ctx) {
      const sku = text(findHeader(h, 'code'));
      const sub = text(findHeader(h, 'external_subscription_id'));
      const cust = text(findHeader(h, 'external_customer_id'));
      return canonicalSelect(
        'usage_events',
        format,
        {
          event_id: text(findHeader(h, 'transaction_id')),
          source: `'lago'`,
          customer_id: `coalesce(${sub}, ${cust})`,
          sku,
          ts: timestampSql(findHeader(h, 'timestamp', 'time')),
          ingested_at: timestampSql(findHeader(h, 'created_at', ...INGESTED_AT)),
          quantity: quantitySqlFor(h, 'properties', sku, overrides),
          properties: propertiesSql(h, 'properties'),
        },
        ctx,
      );
    },
  };
}

/** Stripe billing meter events: event_name, identifier, payload{stripe_customer_id, value}, timestamp. */
export function stripeMeterEventsAdapter(overrides: MeterQuantityOverrides = {}): Adapter {
  const format = 'stripe-meter-events';
  return {
    format,
    kind: 'usage',
    table: 'usage_events',
    label: 'Stripe meter events',
    detect(h) {
      const ok = findHeader(h, 'event_name') && findHeader(h, 'payload.stripe_customer_id', 'payload_stripe_customer_id', 'payload');
      return ok ? { score: 0.9 } : null;
    },
    requiredColumns: (h) => requiredHeaders(h, ['event_name']),
    signature: ['event_name', 'identifier', 'payload.stripe_customer_id', 'timestamp'],
    typedColumns: () => ({}),
    selectSql(h, ctx) {
      const sku = text(findHeader(h, 'event_name'));
      const flatCust = findHeader(h, 'payload.stripe_customer_id', 'payload_stripe_customer_id');
      const payload = findHeader(h, 'payload');
      const cust = flatCust ? text(flatCust) : payload ? `NULLIF(regexp_extract(${text(payload)}, '"stripe_customer_id"\\s*:\\s*"([^"]*)"', 1), '')` : 'NULL';
      return canonicalSelect(
        'usage_events',
        format,
        {
          event_id: text(findHeader(h, 'identifier', 'id')),
          source: `'stripe'`,
          customer_id: cust,
          sku,
          ts: timestampSql(findHeader(h, 'timestamp', 'created')),
          ingested_at: timestampSql(findHeader(h, 'created', ...INGESTED_AT)),
          quantity: quantitySqlFor(h, 'payload', sku, overrides),
          properties: propertiesSql(h, 'payload'),
        },
        ctx,
      );
    },
  };
}

/** A saved column mapping for any usage CSV: canonical field -> source header. */
export interface UsageColumnMapping {
  event_id: string;
  customer_id: string;
  sku: string;
  ts: string;
  quantity?: string;
  source?: string;
  ingested_at?: string;
}

export function genericUsageAdapter(mapping: UsageColumnMapping): Adapter {
  const format = 'usage-csv';
  const needed = [mapping.event_id, mapping.customer_id, mapping.sku, mapping.ts, mapping.quantity].filter(
    (c): c is string => !!c,
  );
  return {
    format,
    kind: 'usage',
    table: 'usage_events',
    label: 'Usage CSV (saved column mapping)',
    detect: (h) => (needed.every((c) => findHeader(h, c)) ? { score: 0.97 } : null),
    requiredColumns: (h) => requiredHeaders(h, needed),
    signature: needed,
    typedColumns: () => ({}),
    selectSql(h, ctx) {
      const qty = mapping.quantity ? findHeader(h, mapping.quantity) : null;
      return canonicalSelect(
        'usage_events',
        format,
        {
          event_id: text(findHeader(h, mapping.event_id)),
          source: mapping.source ? `coalesce(${text(findHeader(h, mapping.source))}, 'csv')` : `'csv'`,
          customer_id: text(findHeader(h, mapping.customer_id)),
          sku: text(findHeader(h, mapping.sku)),
          ts: timestampSql(findHeader(h, mapping.ts)),
          ingested_at: mapping.ingested_at ? timestampSql(findHeader(h, mapping.ingested_at)) : 'NULL',
          quantity: qty
            ? `CASE WHEN TRY_CAST(${text(qty)} AS DECIMAL(38,18)) < 0 THEN ${failSql(qty, 'a quantity of 0 or more', text(qty))} ELSE coalesce(${decimalSql(qty)}, 1) END`
            : '1',
        },
        ctx,
      );
    },
  };
}
