/**
 * The one place ECharts is assembled: only the chart types, components and renderer the app
 * draws with (tree-shaken by Vite, bundled, nothing fetched), so the chart chunk stays small.
 */
import { use as registerParts, init, type EChartsType } from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, DataZoomInsideComponent, GridComponent, LegendComponent, MarkPointComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

registerParts([
  BarChart,
  LineChart,
  AriaComponent,
  DataZoomInsideComponent,
  GridComponent,
  LegendComponent,
  MarkPointComponent,
  TooltipComponent,
  SVGRenderer,
]);

/** An SVG-rendered chart in `el` (crisp at any zoom, text selectable, readable by tests). */
export function createChart(el: HTMLElement): EChartsType {
  return init(el, null, { renderer: 'svg' });
}

export type { EChartsType };
