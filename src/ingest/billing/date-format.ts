/** A saved mapping's `date_format`: one of the declarable locale date formats, or a UserError. */
import { UserError } from '../../model/errors';
import { LOCALE_DATE_FORMATS, isLocaleDateFormat, type LocaleDateFormat } from '../sql';

export function declaredDateFormat(setting: string, value: string | undefined): LocaleDateFormat | undefined {
  if (value === undefined || value === '') return undefined;
  if (isLocaleDateFormat(value)) return value;
  throw new UserError(`${setting}.date_format: expected one of ${LOCALE_DATE_FORMATS.join(', ')}, got ${JSON.stringify(value)}`, {
    expected: 'a date format such as D/M/YYYY',
  });
}
