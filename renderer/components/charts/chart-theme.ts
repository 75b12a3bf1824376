/**
 * Chart colours and text styles read from the app's CSS variables (styles.css), so charts follow
 * the light and dark themes without a palette of their own; re-read when the theme attribute changes.
 */
import { useEffect, useState } from 'react';

export interface ChartTheme {
  text: string;
  /** The app's font, so ECharts measures legend and label text as it is drawn. */
  font: string;
  muted: string;
  border: string;
  panel: string;
  band: string;
  flag: string;
  /** --series-1 … --series-8 (Okabe–Ito, distinguishable with colour-vision deficiencies). */
  series: string[];
}

function readTheme(): ChartTheme {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return {
    text: v('--text'),
    font: getComputedStyle(document.body).fontFamily || 'sans-serif',
    muted: v('--muted'),
    border: v('--border'),
    panel: v('--panel'),
    band: v('--band'),
    flag: v('--flag'),
    series: Array.from({ length: 8 }, (_, i) => v(`--series-${i + 1}`) || v('--series-1')),
  };
}

/** The current chart theme; a new object whenever <html data-theme> changes. */
export function useChartTheme(): ChartTheme {
  const [theme, setTheme] = useState(readTheme);
  useEffect(() => {
    const obs = new MutationObserver(() => setTheme(readTheme()));
    obs.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'style', 'class'] });
    return () => obs.disconnect();
  }, []);
  return theme;
}
