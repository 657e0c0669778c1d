import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { DashboardFlowDetail } from '../../../shared/dashboard.ts';

const HEIGHT = 220;

/** Runs finished per point of the range: succeeded, failed and the other ends, as lines over time. */
export function RunsChart({ detail }: { detail: DashboardFlowDetail }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const series = detail.series;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const opts: uPlot.Options = {
      width: Math.max(320, el.clientWidth),
      height: HEIGHT,
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      axes: [{}, { label: `runs per ${Math.round(detail.stepMs / 60_000)} min`, size: 60 }],
      series: [
        {},
        { label: 'Succeeded', stroke: '#1f8a4c', width: 2, fill: 'rgba(31,138,76,0.08)' },
        { label: 'Failed', stroke: '#c92a2a', width: 2 },
        { label: 'Other ends', stroke: '#8a93a3', width: 1.5, dash: [4, 4] },
      ],
    };
    const u = new uPlot(opts, [[], [], [], []], el);
    plot.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(320, el.clientWidth), height: HEIGHT }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [detail.stepMs]);

  useEffect(() => {
    plot.current?.setData([
      series.map((p) => p.at / 1000),
      series.map((p) => p.succeeded),
      series.map((p) => p.failed),
      series.map((p) => p.other),
    ]);
  }, [series]);

  return <div className="runs-chart" ref={box} role="img" aria-label="Runs finished over time" />;
}
