/**
 * The engine channel: how a renderer drives the native engine its host runs (the local server of
 * the `npm start` browser fallback over loopback HTTP, the Electron utility process over a
 * MessagePort). One request shape for both, checked by `parseEngineRequest` before anything runs;
 * query results travel as Arrow IPC bytes, file bodies as bytes (or a stream). Pure: valibot only.
 */
import * as v from 'valibot';

/**
 * The events a drill asks a warehouse for: a customer × SKU × period cell or named event ids. The same
 * shape as `EventScope` in src/model/findings.ts, written here because this contract stays pure (the
 * Electron shell compiles it without the model).
 */
export type WireEventScope = { customer: string; sku: string; period: string | null; granularity: 'month' | 'week' | 'day' } | { eventIds: string[] };

/** Bound values on the wire: bigints do not survive JSON or structured clone everywhere, so they are tagged. */
export type WireValue = string | number | boolean | null | { bigint: string };

export type EngineRequest =
  | { op: 'health' }
  | { op: 'query'; sql: string; params: WireValue[] }
  | { op: 'exec'; sql: string }
  /** Body: an Arrow IPC stream. */
  | { op: 'insertArrow'; table: string; create: boolean }
  /** Body: the file's bytes (a file the user picked in the page). */
  | { op: 'upload'; name: string }
  /** A local file by path: read only when the host granted it (the user chose it there). */
  | { op: 'registerPath'; name: string; path: string }
  | { op: 'drop'; name: string }
  | { op: 'progress' }
  | { op: 'cancel' }
  /**
   * A warehouse password for this session, held in the host's memory only under the source's name
   * (describeSource: no password), so it goes to that source only; null forgets it.
   */
  | { op: 'warehousePassword'; source: string; password: string | null }
  /** Whether the host holds a password for the source (a restored workspace asks for it when not). */
  | { op: 'warehouseHasPassword'; source: string }
  /**
   * Pushes the run's heavy part down to a warehouse (src/warehouse) and lands the aggregates in the
   * engine; `source` is checked by the host as a workspace's settings (no password), `config` holds
   * the billing settings the pushdown reads.
   */
  | { op: 'warehouseLoad'; source: unknown; config: WarehouseRunConfig }
  /**
   * Evidence on demand: the usage events of a drill, asked of the warehouse (bounded) and landed
   * in the engine's drill table under `drill`, for the grid to page like any source rows.
   */
  | { op: 'warehouseEvidence'; source: unknown; drill: string; scope: WireEventScope };

/** What a drill landed: its rows (at most `limit`), from the source named without a password. */
export interface WarehouseEvidenceReply {
  source: string;
  rows: number;
  limit: number;
}

/** The billing settings the pushdown queries read (the rest of the run's config stays in the renderer). */
export interface WarehouseRunConfig {
  period: 'month' | 'week' | 'day';
  suspectedDuplicateWindowSeconds: number;
  skuAliases: Record<string, string>;
  /** The tag keys naming a cost line's customer and SKU (the cost side is allocated in the warehouse); default: the config's defaults. */
  costTags?: { customer: string[]; sku: string[] };
}

/** What a warehouse load moved: rows per local table and bytes, and the source named without a password. */
export interface WarehouseLoadReply {
  source: string;
  rowsMoved: Record<string, number>;
  bytesMoved: number;
  ms: number;
  /** The cost aggregates were staged: the run goes on with `costStaged` (and `usageStaged`). */
  costStaged: boolean;
}

export type EngineOp = EngineRequest['op'];

/** Ops whose request carries a body (bytes). */
export const BODY_OPS: ReadonlySet<EngineOp> = new Set(['insertArrow', 'upload']);

export interface EngineHealthReply {
  engine: 'node-native';
  stopped: boolean;
  threads: number;
  memoryLimit: string;
}

export interface EngineProgressReply {
  running: boolean;
  /** 0..100, null when the statement's progress cannot be estimated. */
  percentage: number | null;
  rowsProcessed: number;
  totalRows: number;
}

/** A refusal or failure: the message is the one-line user error; `details` those of a UserError. */
export interface EngineErrorReply {
  message: string;
  user: boolean;
  details?: Record<string, unknown>;
  /** Why the channel refused before running anything ('token', 'origin', 'host', 'request', 'path'). */
  refused?: string;
}

/** Header carrying the channel's token (never a URL parameter: URLs end up in logs). */
export const ENGINE_TOKEN_HEADER = 'authorization';
/** Name of the <meta> that hands the loopback channel's token to the page the server serves. */
export const ENGINE_TOKEN_META = 'finops-engine-channel';
/** URL path prefix of the loopback channel: `POST /engine/<op>`. */
export const ENGINE_PATH = '/engine/';

export function toWire(p: unknown): WireValue {
  return typeof p === 'bigint' ? { bigint: p.toString() } : (p as WireValue);
}

export function fromWire(p: WireValue): string | number | boolean | bigint | null {
  return p !== null && typeof p === 'object' ? BigInt(p.bigint) : p;
}

const MAX_SQL = 4_000_000;
const name = v.pipe(
  v.string(),
  v.maxLength(255),
  v.regex(/^[\w.-]+$/),
  v.check((s) => !/^\.+$/.test(s), 'a bare file name'),
);
const sourceName = v.pipe(v.string(), v.minLength(1), v.maxLength(4096));
const wireValue = v.union([
  v.string(),
  v.pipe(v.number(), v.finite()),
  v.boolean(),
  v.null(),
  v.strictObject({ bigint: v.pipe(v.string(), v.regex(/^-?\d{1,40}$/)) }),
]);
const request = v.variant('op', [
  v.strictObject({ op: v.literal('health') }),
  v.strictObject({ op: v.literal('query'), sql: v.pipe(v.string(), v.maxLength(MAX_SQL)), params: v.pipe(v.array(wireValue), v.maxLength(10_000)) }),
  v.strictObject({ op: v.literal('exec'), sql: v.pipe(v.string(), v.maxLength(MAX_SQL)) }),
  v.strictObject({ op: v.literal('insertArrow'), table: v.pipe(v.string(), v.maxLength(255)), create: v.boolean() }),
  v.strictObject({ op: v.literal('upload'), name }),
  v.strictObject({ op: v.literal('registerPath'), name, path: v.pipe(v.string(), v.minLength(1), v.maxLength(4096)) }),
  v.strictObject({ op: v.literal('drop'), name }),
  v.strictObject({ op: v.literal('progress') }),
  v.strictObject({ op: v.literal('cancel') }),
  v.strictObject({ op: v.literal('warehousePassword'), source: sourceName, password: v.nullable(v.pipe(v.string(), v.maxLength(4096))) }),
  v.strictObject({ op: v.literal('warehouseHasPassword'), source: sourceName }),
  v.strictObject({
    op: v.literal('warehouseLoad'),
    source: v.record(v.string(), v.unknown()),
    config: v.strictObject({
      period: v.picklist(['month', 'week', 'day']),
      suspectedDuplicateWindowSeconds: v.pipe(v.number(), v.finite(), v.minValue(0)),
      skuAliases: v.record(v.string(), v.string()),
      costTags: v.optional(
        v.strictObject({
          customer: v.pipe(v.array(v.pipe(v.string(), v.maxLength(256))), v.maxLength(64)),
          sku: v.pipe(v.array(v.pipe(v.string(), v.maxLength(256))), v.maxLength(64)),
        }),
      ),
    }),
  }),
  v.strictObject({
    op: v.literal('warehouseEvidence'),
    source: v.record(v.string(), v.unknown()),
    drill: v.pipe(v.string(), v.regex(/^[a-z0-9]{1,32}$/)),
    scope: v.union([
      v.strictObject({ eventIds: v.pipe(v.array(v.pipe(v.string(), v.maxLength(1000))), v.maxLength(10_000)) }),
      v.strictObject({
        customer: v.pipe(v.string(), v.maxLength(1000)),
        sku: v.pipe(v.string(), v.maxLength(1000)),
        period: v.nullable(v.pipe(v.string(), v.maxLength(40))),
        granularity: v.picklist(['month', 'week', 'day']),
      }),
    ]),
  }),
]);

/** The request, or null when it is not one (unknown op, wrong field, a path-like name …). */
export function parseEngineRequest(value: unknown): EngineRequest | null {
  const r = v.safeParse(request, value);
  return r.success ? (r.output as EngineRequest) : null;
}
