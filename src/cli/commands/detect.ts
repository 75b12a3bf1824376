/**
 * `finops detect SERIES.csv --out OUT.csv [--batch | --streaming] [--period N]`: anomaly
 * detection on any timestamp,value CSV. Two detectors, each validated on the data it suits:
 * the batch detector (period found from the timestamp spacing and the autocorrelation;
 * S-H-ESD, robust z, Holt-Winters + CUSUM) for daily or coarser series such as cost and usage
 * (the cost-shaped evaluation), and the streaming detector, which judges each point only on
 * its past, for finer operational metrics (scored on NAB). Chosen by the spacing unless forced.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { UserError } from '../../model/errors';
import { analyzeSeries } from '../../analysis/anomaly/detect-series';
import { detectStreaming } from '../../analysis/anomaly/streaming';
import { parseSeriesCsv, verdictsToCsv, type Verdict } from '../../analysis/anomaly/series-csv';
import { medianStepMs } from '../../analysis/stats/periodicity';
import { UsageError, type CliIO, type Command, type ParsedArgs } from '../command';

export const detectCommand: Command = {
  name: 'detect',
  summary: 'Anomaly detection on a timestamp,value CSV: writes timestamp,value,anomaly_score,is_anomaly (+ expected and band)',
  usage: 'detect SERIES.csv --out OUT.csv [--batch | --streaming] [--period N]',
  options: {
    out: { type: 'string', value: 'OUT.csv', help: 'Where to write the verdict per point (required)' },
    batch: { type: 'boolean', help: 'Use the seasonal batch detector (default for daily or coarser series)' },
    streaming: { type: 'boolean', help: 'Use the streaming detector (default for finer series)' },
    period: { type: 'string', value: 'N', help: 'Season length in points (0 = no season); found from the data when omitted' },
  },
  async run({ positional, flags }: ParsedArgs, io: CliIO): Promise<number> {
    if (positional.length !== 1) throw new UsageError('give exactly one SERIES.csv');
    if (typeof flags.out !== 'string') throw new UsageError('--out OUT.csv is required');
    const file = positional[0];
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new UserError(`${file}: cannot read the file`, { file });
    }
    const series = parseSeriesCsv(text, file);
    let period: number | undefined;
    if (typeof flags.period === 'string') {
      period = Number(flags.period);
      if (!Number.isInteger(period) || period < 0) throw new UsageError('--period must be a whole number of points (0 = no season)');
    }
    if (flags.streaming && flags.batch) throw new UsageError('choose one of --batch and --streaming');
    const daily = medianStepMs(series.timestampsMs) >= 0.99 * 86_400_000;
    const streaming = flags.streaming === true || (!flags.batch && !daily && period === undefined);
    let verdicts: Verdict[];
    let note: string;
    if (streaming) {
      verdicts = detectStreaming(series.values).map((p) => ({
        score: p.score,
        isAnomaly: p.isAnomaly,
        expected: p.expected,
        bandLow: p.bandLow,
        bandHigh: p.bandHigh,
        method: p.isAnomaly ? 'streaming-envelope' : null,
      }));
      note = `streaming detector${flags.streaming ? '' : ' (sub-daily spacing; --batch for the seasonal one)'}`;
    } else {
      const a = analyzeSeries(series.timestampsMs, series.values, { period });
      verdicts = a.points.map((p) => ({
        score: p.score / (1 + p.score),
        isAnomaly: p.isAnomaly,
        expected: p.expected,
        bandLow: p.bandLow,
        bandHigh: p.bandHigh,
        method: p.isAnomaly ? p.method : null,
      }));
      note = `batch detector, period ${a.period || 'none'} (${a.periodSource}), ${a.scale} scale`;
    }
    try {
      writeFileSync(flags.out, verdictsToCsv(series, verdicts));
    } catch {
      throw new UserError(`${flags.out}: cannot write the output file`, { file: flags.out });
    }
    const flagged = verdicts.filter((v) => v.isAnomaly).length;
    io.out(`${file}: ${series.values.length} points, ${note}, ${flagged} anomalous -> ${flags.out}\n`);
    return 0;
  },
};
