/** Identifier and literal quoting live here and nowhere else. Values are bound, not pasted. */

export function ident(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

/** A string literal, for the few places DuckDB takes no parameter (file names in read_csv, PRAGMAs). */
export function literal(value: string): string {
  return "'" + value.replace(/'/g, "''") + "'";
}

/** A qualified column list: ident() over each name, comma-joined. */
export function identList(names: readonly string[]): string {
  return names.map(ident).join(', ');
}
