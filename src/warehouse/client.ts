/** What the pushdown needs from a warehouse: one query with bound {name:Type} parameters, its result as Arrow IPC. */
export interface WarehouseClient {
  /** Runs a SELECT (FORMAT ArrowStream is added here, not by the caller) and returns the whole stream. */
  queryArrow(sql: string, params?: Record<string, unknown>): Promise<Uint8Array>;
  close(): Promise<void>;
}
