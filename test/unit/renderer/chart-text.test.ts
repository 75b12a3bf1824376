/** Chart text comes from the exact decimal strings, never from the numbers the geometry uses. */
import { describe, expect, it } from 'vitest';
import { chartOption, tooltipHtml, type ChartProps } from '../../../renderer/components/charts/Chart';
import type { ChartTheme } from '../../../renderer/components/charts/chart-theme';
import { formatMoney } from '../../../renderer/lib/format-money';

const THEME: ChartTheme = {
  text: '#111',
  font: 'sans-serif',
  muted: '#555',
  border: '#ccc',
  panel: '#fff',
  band: 'rgba(0,0,0,.2)',
  flag: '#d55e00',
  series: ['#1', '#2', '#3'],
};

const props: ChartProps = {
  title: 'Cost per day in USD',
  categories: ['2024-03-01', '2024-03-02'],
  // 0.1 + 0.2 as floats is 0.30000000000000004; as decimal strings the amounts stay exact.
  series: [
    { name: 'API', values: ['0.1', '1234567890123.125000000000000001'], kind: 'bar' },
    { name: 'GPU', values: ['0.2', null], kind: 'bar' },
  ],
  format: (v) => `${formatMoney(v, 'USD').text} USD`,
  flagged: [{ index: 1, label: 'spike' }],
};

describe('chart text', () => {
  it('tooltips show each series formatted from its string, rounded once', () => {
    const html = tooltipHtml(props, 1, THEME);
    expect(html).toContain('1,234,567,890,123.13 USD');
    expect(html).not.toContain('GPU');
    expect(html).toContain('▲ spike');
    expect(tooltipHtml(props, 0, THEME)).toContain('0.20 USD');
  });

  it('stacks bars and hands the geometry numbers, gaps as null', () => {
    const o = chartOption(props, THEME) as { series: { stack?: string; data: (number | null)[] }[]; aria: { label: { description: string } } };
    expect(o.series.map((s) => s.stack)).toEqual(['bar', 'bar']);
    expect(o.series[1].data).toEqual([0.2, null]);
    expect(o.aria.label.description).toBe('Cost per day in USD: 2 series over 2 points from 2024-03-01 to 2024-03-02. Press T for the data table.');
  });
});
