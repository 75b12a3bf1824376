/** On a load refused for undecidable locale dates: declare the order (M/D or D/M) and load the file again with it. */
import { useState } from 'react';
import { isLocaleDateFormat } from '../../../src/ingest/sql';
import { retryWithDateFormat } from './load-queue';

export function DateFormatOffer({ errorId, column, formats }: { errorId: string; column?: string; formats: readonly string[] }) {
  const offered = formats.filter(isLocaleDateFormat);
  const [format, setFormat] = useState(offered[0]);
  if (!format) return null;
  return (
    <div className="toolbar" style={{ marginTop: 6, marginBottom: 0 }} data-testid="date-format-offer">
      <label>
        Dates{column ? ` in “${column}”` : ''} are written as{' '}
        <select value={format} onChange={(e) => isLocaleDateFormat(e.target.value) && setFormat(e.target.value)} aria-label="Date format of the file">
          {offered.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="btn primary" onClick={() => void retryWithDateFormat(errorId, format)} data-testid="load-with-date-format">
        Load with this date format
      </button>
    </div>
  );
}
