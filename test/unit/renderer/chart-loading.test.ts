/** A chart whose data are still being queried says so and is busy; only an answered, empty query says "No points". */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { Chart, type ChartProps } from '../../../renderer/components/charts/Chart';

const empty: ChartProps = { title: 'Revenue and cost per period', categories: [], series: [{ name: 'Revenue', values: [] }], format: (v) => v };

describe('chart before its data', () => {
  // The theme is read from the page's CSS variables; server rendering has no page.
  beforeAll(() => {
    vi.stubGlobal('document', { documentElement: {}, body: {} });
    vi.stubGlobal('getComputedStyle', () => ({ getPropertyValue: () => '', fontFamily: '' }));
    return () => vi.unstubAllGlobals();
  });
  it('is busy and says it is loading while the query runs', () => {
    const html = renderToStaticMarkup(createElement(Chart, { ...empty, loading: true }));
    expect(html).toContain('aria-busy="true"');
    expect(html).toContain('Loading the chart');
    expect(html).not.toContain('No points');
  });
  it('says there are no points once the query answered with none', () => {
    const html = renderToStaticMarkup(createElement(Chart, { ...empty, loading: false }));
    expect(html).toContain('No points to chart.');
    expect(html).not.toContain('aria-busy');
  });
});
