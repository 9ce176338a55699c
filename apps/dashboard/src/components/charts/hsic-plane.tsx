'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import { layerLabel, type LayerSeries } from '@/lib/metrics/run-metrics';
import { colorAt, viridis, VIRIDIS_GRADIENT } from './palette';

const HEIGHT = 340;

interface PlaneLayer {
  readonly key: string;
  readonly label: string;
  readonly colorIndex: number;
  readonly xs: number[];
  readonly ys: number[];
  readonly epochs: number[];
}

function planeLayers(layers: readonly LayerSeries[]): PlaneLayer[] {
  const multipleNets = new Set(layers.map((l) => l.net)).size > 1;
  return layers.map((series, index) => {
    const xs: number[] = [];
    const ys: number[] = [];
    const epochs: number[] = [];
    for (let i = 0; i < series.nhsicX.length; i++) {
      const x = series.nhsicX[i];
      const y = series.nhsicY[i];
      if (x === null || y === null) continue;
      xs.push(x);
      ys.push(y);
      epochs.push(series.epochOf[i]);
    }
    return { key: series.key, label: layerLabel(series, multipleNets), colorIndex: index, xs, ys, epochs };
  });
}

/**
 * The HSIC plane: x = nHSIC(X, Zᵢ), y = nHSIC(Y, Zᵢ), one trajectory per layer over the batches, each segment
 * coloured by its epoch (viridis, early dark → late light); a dot in the layer's colour marks where it is now.
 * uPlot (faceted mode) gives the axes, zoom and scales; the trajectories are drawn in one pass per epoch.
 */
export function HsicPlane({ layers }: { layers: readonly LayerSeries[] }) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const zoomed = useRef(false);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const plane = useMemo(() => planeLayers(layers), [layers]);
  const maxEpoch = useMemo(() => Math.max(1, ...plane.flatMap((l) => (l.epochs.length ? [l.epochs[l.epochs.length - 1]] : []))), [plane]);
  const latest = useRef({ plane, maxEpoch, hidden });
  latest.current = { plane, maxEpoch, hidden };
  const structure = plane.map((l) => l.key).join('|');
  const data = useMemo(() => [null, ...plane.map((l) => [l.xs, l.ys])] as unknown as uPlot.AlignedData, [plane]);

  useEffect(() => {
    const element = container.current;
    if (!element || latest.current.plane.length === 0) return;
    chart.current?.destroy();
    const draw = (u: uPlot) => {
      const { plane: current, maxEpoch: epochs } = latest.current;
      const ctx = u.ctx;
      ctx.save();
      ctx.beginPath();
      ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
      ctx.clip();
      ctx.lineWidth = 1.5 * devicePixelRatio;
      current.forEach((layer, i) => {
        if (!u.series[i + 1]?.show || layer.xs.length === 0) return;
        const px = (k: number) => u.valToPos(layer.xs[k], 'x', true);
        const py = (k: number) => u.valToPos(layer.ys[k], 'y', true);
        // One path per epoch: a few hundred strokes for tens of thousands of points.
        for (let start = 0; start < layer.xs.length; ) {
          const epoch = layer.epochs[start];
          let end = start;
          while (end + 1 < layer.xs.length && layer.epochs[end + 1] === epoch) end++;
          ctx.strokeStyle = viridis(epochs <= 1 ? 1 : (epoch - 1) / (epochs - 1));
          ctx.beginPath();
          ctx.moveTo(px(Math.max(start - 1, 0)), py(Math.max(start - 1, 0)));
          for (let k = start; k <= end; k++) ctx.lineTo(px(k), py(k));
          ctx.stroke();
          start = end + 1;
        }
        const last = layer.xs.length - 1;
        ctx.fillStyle = colorAt(layer.colorIndex);
        ctx.strokeStyle = '#ffffff';
        ctx.beginPath();
        ctx.arc(px(last), py(last), 5 * devicePixelRatio, 0, 2 * Math.PI);
        ctx.fill();
        ctx.stroke();
      });
      ctx.restore();
    };
    const options: uPlot.Options = {
      mode: 2,
      width: Math.max(element.clientWidth, 200),
      height: HEIGHT,
      legend: { show: false },
      cursor: { drag: { x: true, y: true, uni: 20 }, points: { show: false } },
      scales: { x: { time: false, auto: true }, y: { auto: true } },
      series: [
        {},
        ...latest.current.plane.map((layer) => ({
          label: layer.label,
          stroke: colorAt(layer.colorIndex),
          facets: [
            { scale: 'x', auto: true },
            { scale: 'y', auto: true },
          ],
          paths: () => null,
          points: { show: false },
        })),
      ] as uPlot.Series[],
      axes: [
        { label: 'nHSIC(X, Zᵢ)', stroke: '#1b1f24', grid: { stroke: '#e6e9ec' } },
        { label: 'nHSIC(Y, Zᵢ)', stroke: '#1b1f24', grid: { stroke: '#e6e9ec' }, size: 60 },
      ],
      hooks: {
        draw: [draw],
        // Zoom is a drag selection (see uplot-chart.tsx: scale changes cannot tell the user from data updates).
        setSelect: [
          (u) => {
            if (u.select.width > 0 || u.select.height > 0) zoomed.current = true;
          },
        ],
      },
    };
    const created = new uPlot(options, data, element);
    created.root.setAttribute('role', 'img');
    created.root.setAttribute('aria-label', 'HSIC plane: nHSIC(Y, Z) against nHSIC(X, Z) for every layer, coloured by epoch');
    latest.current.plane.forEach((layer, i) => latest.current.hidden.has(layer.key) && created.setSeries(i + 1, { show: false }));
    const reset = () => (zoomed.current = false);
    created.over.addEventListener('dblclick', reset);
    chart.current = created;
    zoomed.current = false;
    return () => created.over.removeEventListener('dblclick', reset);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [structure]);

  useEffect(
    () => () => {
      chart.current?.destroy();
      chart.current = null;
    },
    [],
  );

  useEffect(() => {
    const u = chart.current;
    if (!u) return;
    u.setData(data, !zoomed.current);
  }, [data]);

  useEffect(() => {
    const u = chart.current;
    if (!u) return;
    plane.forEach((layer, i) => {
      const show = !hidden.has(layer.key);
      if (u.series[i + 1] && u.series[i + 1].show !== show) u.setSeries(i + 1, { show });
    });
  }, [hidden, plane]);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const observer = new ResizeObserver(() => {
      const width = Math.max(element.clientWidth, 200);
      if (chart.current && chart.current.width !== width) chart.current.setSize({ width, height: HEIGHT });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  return (
    <figure className="chart-figure" aria-label="HSIC plane">
      <figcaption>HSIC plane: nHSIC(Y, Zᵢ) against nHSIC(X, Zᵢ), per layer</figcaption>
      {plane.length === 0 ? (
        <p className="muted">No per-layer nHSIC values yet.</p>
      ) : (
        <>
          <div ref={container} className="chart-box" style={{ minHeight: HEIGHT + 40 }} />
          <div className="chart-controls">
            <span>
              epoch 1{' '}
              <span aria-hidden="true" style={{ display: 'inline-block', width: '8rem', height: '0.7rem', background: VIRIDIS_GRADIENT, verticalAlign: 'middle' }} /> epoch{' '}
              {maxEpoch}
            </span>
            {plane.map((layer) => (
              <label key={layer.key} className="inline">
                <input
                  type="checkbox"
                  checked={!hidden.has(layer.key)}
                  onChange={(e) =>
                    setHidden((current) => {
                      const next = new Set(current);
                      if (e.target.checked) next.delete(layer.key);
                      else next.add(layer.key);
                      return next;
                    })
                  }
                />
                <span className="swatch" style={{ background: colorAt(layer.colorIndex), borderRadius: '50%' }} aria-hidden="true" />
                {layer.label}
              </label>
            ))}
          </div>
        </>
      )}
    </figure>
  );
}
