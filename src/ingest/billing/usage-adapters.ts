/**
 * Usage (metering) adapters -> usage_events. Defaults need no configuration: the quantity is the
 * event's `value` property when present, else each event counts 1; a per-meter override names
 * another property (or '1' to count events). Nested JSON arrives either flattened by the raw
 * reader (`data.value`) or as JSON text (`data`); both are read.
 */
import { ident, literal } from '../../engine/sql';
import type { Adapter, MapContext } from '../adapter';
import type { RawTypes } from '../raw';
import { declaredDateFormat } from './date-format';
import {
  KEY,
  canonicalSelect,
  cellError,
  decimal,
  decimalFromText,
  findHeader,
  headerKey,
  jsonFieldSql,
  jsonObjectSql,
  nonNegative,
  requiredHeaders,
  text,
  timestamp,
} from '../sql';

/** Per-meter quantity property: meter/sku -> property name (`tokens`, `data.tokens`) or '1'. */
export type MeterQuantityOverrides = Record<string, string>;

const INGESTED_AT = ['ingested_at', 'ingestedAt', 'ingesttime', 'received_at', 'receivedAt', 'x_ingested_at'];

/** Columns nested under `prefix` (`data.value` -> key `value`). */
function nested(headers: readonly string[], prefix: string): { key: string; col: string }[] {
  const p = headerKey(prefix) + '_';
  return headers.filter((h) => headerKey(h).startsWith(p) && h.length > prefix.length + 1).map((h) => ({ key: h.slice(prefix.length + 1), col: h }));
}

/** A numeric property of the nested object: a flattened column, or a member of the JSON text column. */
function propertyOf(headers: readonly string[], prefix: string, prop: string): { col?: string; value: string } | null {
  const flat = findHeader(headers, [`${prefix}.${prop}`, `${prefix}_${prop}`], KEY);
  if (flat) return { col: flat, value: text(flat) };
  const json = findHeader(headers, prefix, KEY);
  return json ? { value: jsonFieldSql(ident(json), prop, 'number') } : null;
}

/**
 * A property as a quantity: a number of 0 or more (`what` names it in errors); `absent` is what a
 * missing value gives (an error by default). One flat CASE, so DuckDB evaluates the decimal once
 * (a decimal repeated inside nested CASE branches is cast again in each).
 */
function asQuantity(p: { col?: string; value: string }, what: string, typed?: RawTypes, absent?: string): string {
  const expected = 'a number';
  const value = p.col ? decimal(p.col, { typed, expected }) : decimalFromText(what, p.value, p.value, { expected });
  return (
    `CASE WHEN ${p.value} IS NULL THEN ${absent ?? cellError(what, 'NULL', expected)} ` +
    `WHEN ${value} < 0 THEN ${cellError(what, p.value, 'a quantity of 0 or more')} ELSE ${value} END`
  );
}

/** The quantity: per-meter overrides first, then `<prefix>.value`, else 1 per event. */
function quantitySqlFor(
  headers: readonly string[],
  prefix: string,
  skuExpr: string,
  overrides: MeterQuantityOverrides,
  typed?: RawTypes,
  defaultProp = 'value',
): string {
  const branches: string[] = [];
  for (const [meter, propRaw] of Object.entries(overrides)) {
    const prop = propRaw.startsWith(prefix + '.') ? propRaw.slice(prefix.length + 1) : propRaw;
    let e: string;
    if (prop === '1' || prop === 'count') e = '1';
    else {
      const p = propertyOf(headers, prefix, prop);
      e = p ? asQuantity(p, `${prefix}.${prop}`, typed) : cellError(`${prefix}.${prop}`, 'NULL', `a number (the quantity of meter ${meter})`);
    }
    branches.push(`WHEN ${skuExpr} = ${literal(meter)} THEN ${e}`);
  }
  const def = propertyOf(headers, prefix, defaultProp);
  const fallback = def ? asQuantity(def, `${prefix}.${defaultProp}`, typed, '1') : '1';
  return branches.length ? `CASE ${branches.join(' ')} ELSE ${fallback} END` : fallback;
}

/** The event's properties as JSON text: the JSON column as it is, or an object built from the flattened columns. */
function propertiesSql(headers: readonly string[], prefix: string): string {
  const json = findHeader(headers, prefix, KEY);
  if (json) return text(json);
  const members = nested(headers, prefix).map((m) => ({ key: m.key, value: ident(m.col) }));
  return members.length ? `coalesce(${jsonObjectSql(members)}, '{}')` : 'CAST(NULL AS VARCHAR)';
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
      const core = ['id', 'source', 'type', 'time'].every((c) => findHeader(h, c, KEY));
      if (!core) return null;
      return { score: findHeader(h, 'specversion', KEY) ? 0.95 : findHeader(h, 'subject', KEY) ? 0.6 : 0.3 };
    },
    requiredColumns: (h) => requiredHeaders(h, ['id', 'source', 'type', 'time'], KEY),
    signature: ['specversion', 'id', 'source', 'type', 'subject', 'time'],
    typedColumns: () => ({}),
    selectSql(h, ctx: MapContext) {
      const sku = text(findHeader(h, 'type', KEY));
      return canonicalSelect(
        'usage_events',
        format,
        {
          event_id: text(findHeader(h, 'id', KEY)),
          source: text(findHeader(h, 'source', KEY)),
          customer_id: text(findHeader(h, 'subject', KEY)),
          sku,
          ts: timestamp(findHeader(h, 'time', KEY), { epoch: true, typed: ctx.typed, dates: ctx.dates }),
          ingested_at: timestamp(findHeader(h, INGESTED_AT, KEY), { epoch: true, typed: ctx.typed, dates: ctx.dates }),
          quantity: quantitySqlFor(h, 'data', sku, overrides, ctx.typed),
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
      const ok =
        findHeader(h, 'transaction_id', KEY) &&
        findHeader(h, 'code', KEY) &&
        findHeader(h, ['external_subscription_id', 'external_customer_id'], KEY);
      return ok ? { score: 0.9 } : null;
    },
    requiredColumns: (h) => requiredHeaders(h, ['transaction_id', 'code'], KEY),
    signature: ['transaction_id', 'external_subscription_id', 'code', 'timestamp'],
    typedColumns: () => ({}),
    selectSql(h, ctx) {
      const sku = text(findHeader(h, 'code', KEY));
      const sub = text(findHeader(h, 'external_subscription_id', KEY));
      const cust = text(findHeader(h, 'external_customer_id', KEY));
      return canonicalSelect(
        'usage_events',
        format,
        {
          event_id: text(findHeader(h, 'transaction_id', KEY)),
          source: `'lago'`,
          customer_id: `coalesce(${sub}, ${cust})`,
          sku,
          ts: timestamp(findHeader(h, ['timestamp', 'time'], KEY), { epoch: true, typed: ctx.typed, dates: ctx.dates }),
          ingested_at: timestamp(findHeader(h, ['created_at', ...INGESTED_AT], KEY), { epoch: true, typed: ctx.typed, dates: ctx.dates }),
          quantity: quantitySqlFor(h, 'properties', sku, overrides, ctx.typed),
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
      const ok = findHeader(h, 'event_name', KEY) && findHeader(h, ['payload.stripe_customer_id', 'payload_stripe_customer_id', 'payload'], KEY);
      return ok ? { score: 0.9 } : null;
    },
    requiredColumns: (h) => requiredHeaders(h, ['event_name'], KEY),
    signature: ['event_name', 'identifier', 'payload.stripe_customer_id', 'timestamp'],
    typedColumns: () => ({}),
    selectSql(h, ctx) {
      const sku = text(findHeader(h, 'event_name', KEY));
      const flatCust = findHeader(h, ['payload.stripe_customer_id', 'payload_stripe_customer_id'], KEY);
      const payload = findHeader(h, 'payload', KEY);
      const cust = flatCust ? text(flatCust) : payload ? jsonFieldSql(text(payload), 'stripe_customer_id', 'string') : 'NULL';
      return canonicalSelect(
        'usage_events',
        format,
        {
          event_id: text(findHeader(h, ['identifier', 'id'], KEY)),
          source: `'stripe'`,
          customer_id: cust,
          sku,
          ts: timestamp(findHeader(h, ['timestamp', 'created'], KEY), { epoch: true, typed: ctx.typed, dates: ctx.dates }),
          ingested_at: timestamp(findHeader(h, ['created', ...INGESTED_AT], KEY), { epoch: true, typed: ctx.typed, dates: ctx.dates }),
          quantity: quantitySqlFor(h, 'payload', sku, overrides, ctx.typed),
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
  /** Locale date format of the date columns (M/D/YYYY, D/M/YYYY, M/D/YY, D/M/YY); ISO dates need none. */
  date_format?: string;
}

export function genericUsageAdapter(mapping: UsageColumnMapping): Adapter {
  const format = 'usage-csv';
  const dateFormat = declaredDateFormat('usage_csv_mapping', mapping.date_format);
  const needed = [mapping.event_id, mapping.customer_id, mapping.sku, mapping.ts, mapping.quantity].filter((c): c is string => !!c);
  return {
    format,
    kind: 'usage',
    table: 'usage_events',
    label: 'Usage CSV (saved column mapping)',
    detect: (h) => (needed.every((c) => findHeader(h, c, KEY)) ? { score: 0.97 } : null),
    requiredColumns: (h) => requiredHeaders(h, needed, KEY),
    signature: needed,
    typedColumns: () => ({}),
    selectSql(h, ctx) {
      const qty = mapping.quantity ? findHeader(h, mapping.quantity, KEY) : null;
      return canonicalSelect(
        'usage_events',
        format,
        {
          event_id: text(findHeader(h, mapping.event_id, KEY)),
          source: mapping.source ? `coalesce(${text(findHeader(h, mapping.source, KEY))}, 'csv')` : `'csv'`,
          customer_id: text(findHeader(h, mapping.customer_id, KEY)),
          sku: text(findHeader(h, mapping.sku, KEY)),
          ts: timestamp(findHeader(h, mapping.ts, KEY), { epoch: true, typed: ctx.typed, dates: ctx.dates, dateFormat }),
          ingested_at: mapping.ingested_at
            ? timestamp(findHeader(h, mapping.ingested_at, KEY), { epoch: true, typed: ctx.typed, dates: ctx.dates, dateFormat })
            : 'NULL',
          quantity: qty ? `coalesce(${nonNegative(qty, decimal(qty, { typed: ctx.typed }))}, 1)` : '1',
        },
        ctx,
      );
    },
  };
}
