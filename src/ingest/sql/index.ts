/**
 * The ingest expression set: every adapter (cost and billing) builds its SELECT from these, so
 * a cell of one kind (text, money, timestamp, JSON, header name) is read the same way everywhere.
 */
export { CELL_ERROR_MARK, cellError, checked, parseCellError } from './cell-error';
export { currencyCode, minorScale, minorToMajor, optionalCurrencyCode } from './currency';
export { CASE, KEY, findHeader, hasHeaders, headerKey, requiredHeaders, type HeaderMatch, type MatchLevel } from './header';
export {
  JSON_MEMBER_RE,
  JSON_STRING_RE,
  jsonFieldSql,
  jsonFieldsSql,
  jsonObjectSql,
  jsonQuoteSql,
  jsonUnescapeSql,
  type JsonValueShape,
} from '../../engine/sql-json';
export { decimal, decimalChecked, decimalFromText, money, nonNegative, type DecimalOptions } from './money';
export { canonicalSelect, type ColumnExprs } from './select';
export { text } from './text';
export { LOCALE_DATE_FORMATS, LOCALE_DATE_SHAPE, isLocaleDateFormat, localeDateExample, localeDateSql, type LocaleDateFormat } from './locale-date';
export { LOCALE_DATE_UNDECIDED, epochSql, periodEnd, timestamp, timestampChecked, type TimestampOptions } from './timestamp';
