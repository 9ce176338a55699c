import type uPlot from 'uplot';

/**
 * Links the x axes of several charts (compare page): a zoom in one zooms all, a double-click resets all,
 * and the cursor moves together (uPlot's cursor sync, keyed by `key`).
 */
export class ChartSyncGroup {
  private readonly charts = new Set<uPlot>();
  private readonly zoomListeners = new Set<(zoomed: boolean) => void>();
  private applying = false;

  constructor(readonly key: string) {}

  join(chart: uPlot, onZoomChange: (zoomed: boolean) => void): () => void {
    this.charts.add(chart);
    this.zoomListeners.add(onZoomChange);
    return () => {
      this.charts.delete(chart);
      this.zoomListeners.delete(onZoomChange);
    };
  }

  /** The user zoomed `source` to [min, max] (null: reset to the data's range). */
  zoom(source: uPlot, range: { min: number; max: number } | null): void {
    if (this.applying) return;
    this.applying = true;
    try {
      for (const chart of this.charts) {
        if (chart === source) continue;
        if (range) chart.setScale('x', range);
        else chart.setData(chart.data, true);
      }
      for (const listener of this.zoomListeners) listener(range !== null);
    } finally {
      this.applying = false;
    }
  }
}
