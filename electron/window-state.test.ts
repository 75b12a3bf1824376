import { describe, expect, it } from 'vitest';
import { clampWindowState, MIN_HEIGHT, MIN_WIDTH, parseWindowState, type Rect } from './window-state.js';

const laptop: Rect = { x: 0, y: 0, width: 1920, height: 1050 };
const rightMonitor: Rect = { x: 1920, y: 0, width: 2560, height: 1400 };

describe('window state clamp', () => {
  it('keeps a window that fits on its display as saved', () => {
    const s = { bounds: { x: 100, y: 80, width: 1200, height: 800 }, maximized: true };
    expect(clampWindowState(s, [laptop])).toEqual(s);
  });

  it('re-centres a window saved on a monitor that is gone', () => {
    const r = clampWindowState({ bounds: { x: 2500, y: 100, width: 1600, height: 1000 }, maximized: false }, [laptop]);
    expect(r.bounds).toEqual({ x: 160, y: 25, width: 1600, height: 1000 });
  });

  it('moves a window hanging off the edge back inside the display it mostly covers', () => {
    const r = clampWindowState({ bounds: { x: 3900, y: -200, width: 1000, height: 900 }, maximized: false }, [laptop, rightMonitor]);
    expect(r.bounds).toEqual({ x: 3480, y: 0, width: 1000, height: 900 });
  });

  it('shrinks a window larger than the display and enforces the minimum size', () => {
    expect(clampWindowState({ bounds: { x: 0, y: 0, width: 5000, height: 3000 }, maximized: false }, [laptop]).bounds).toEqual(laptop);
    const tiny = clampWindowState({ bounds: { x: 10, y: 10, width: 50, height: 20 }, maximized: false }, [laptop]).bounds;
    expect([tiny.width, tiny.height]).toEqual([MIN_WIDTH, MIN_HEIGHT]);
  });

  it('uses a centred default without saved state and rejects corrupt state', () => {
    const r = clampWindowState(null, [{ x: 0, y: 0, width: 1280, height: 720 }]);
    expect(r.bounds).toEqual({ x: 0, y: 0, width: 1280, height: 720 });
    expect(parseWindowState({ bounds: { x: 'a', y: 0, width: 1, height: 1 } })).toBeNull();
    expect(parseWindowState('nope')).toBeNull();
    expect(parseWindowState({ bounds: { x: 1, y: 2, width: 3, height: 4 }, maximized: 'yes' })?.maximized).toBe(false);
  });
});
