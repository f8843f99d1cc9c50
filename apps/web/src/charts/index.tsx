// The chart chunk (Recharts) is loaded once, at start-up, while the first figures are fetched
// (loadPlots() in main.tsx). Chart components render a placeholder until it is in, then draw.
// Not React.lazy + Suspense: React throttles revealing suspended content (up to 300 ms), which
// would delay the first chart for nothing once the chunk is already there.
import { useEffect, useSyncExternalStore, type ComponentProps } from 'react';
import { Skeleton } from '../components/States';

type Plots = typeof import('./plots');

let plots: Promise<Plots> | undefined;
let loaded: Plots | null = null;
const listeners = new Set<() => void>();

export function loadPlots(): Promise<Plots> {
  plots ??= import('./plots').then((m) => {
    loaded = m;
    for (const l of listeners) l();
    return m;
  });
  return plots;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function usePlots(): Plots | null {
  const m = useSyncExternalStore(
    subscribe,
    () => loaded,
    () => null,
  );
  useEffect(() => {
    if (m === null) void loadPlots();
  }, [m]);
  return m;
}

const placeholder = (height: number) => (
  <Skeleton height={height - 24} width="100%" label="Loading the chart" />
);

export function TrendPlot(props: ComponentProps<Plots['TrendPlot']>) {
  const m = usePlots();
  return m ? <m.TrendPlot {...props} /> : placeholder(props.height);
}

export function BarsPlot(props: ComponentProps<Plots['BarsPlot']>) {
  const m = usePlots();
  return m ? <m.BarsPlot {...props} /> : placeholder(props.height);
}

export type { BarRow, BarSeries, TrendPoint } from './plots';
