/** Saved views read back through their schema: what fits is kept whole, the rest dropped and counted. */
import { describe, expect, it } from 'vitest';
import { parseSavedViews, viewName } from '../../../renderer/features/cost/saved-views';
import { DEFAULT_EXPLORER } from '../../../renderer/features/cost/explorer-view';

const good = {
  name: 'March by customer',
  range: { kind: 'month', month: '2024-03' },
  granularity: 'week',
  explorer: {
    groupBy: [{ kind: 'tag', key: 'customer' }],
    filters: [{ dimension: { kind: 'column', name: 'ServiceName' }, mode: 'exclude', values: ['Amazon Virtual Private Cloud', null] }],
    metric: 'actual',
    chart: 'area',
    split: 'revenue',
  },
};

describe('saved views', () => {
  it('keeps views that fit, drops the rest and duplicate names, and counts them', () => {
    const older = { ...good, name: 'older', explorer: { ...good.explorer, split: undefined } };
    const { views, dropped } = parseSavedViews([
      good,
      { ...good, name: '  ' },
      { ...good, name: 'bad column', explorer: { ...good.explorer, groupBy: [{ kind: 'column', name: 'Tags' }] } },
      { ...good, name: 'bad range', range: { kind: 'rolling', days: 45 } },
      { ...good, granularity: 'hour' },
      good,
      older,
    ]);
    expect(views.map((v) => v.name)).toEqual(['March by customer', 'older']);
    expect(views[0]).toEqual(good);
    expect(views[1].explorer.split).toBe(DEFAULT_EXPLORER.split);
    expect(dropped).toBe(5);
    expect(parseSavedViews({ views: 'nope' })).toEqual({ views: [], dropped: 0 });
  });

  it('names are trimmed and bounded', () => {
    expect(viewName('  Q1 ')).toBe('Q1');
    expect(viewName('   ')).toBeNull();
    expect(viewName('x'.repeat(81))).toBeNull();
  });
});
