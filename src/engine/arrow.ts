/**
 * The only import of apache-arrow in the app: duckdb-wasm is built against Arrow 17 and a second
 * copy breaks `instanceof` checks silently, so every module takes Arrow from here.
 */
export * as arrow from 'apache-arrow';
export { Type, DataType } from 'apache-arrow';
export type { Table, Field, Schema } from 'apache-arrow';
