import { lazy, Suspense, type ComponentProps } from 'react';

/*
 * The charts, with Recharts in a chunk of its own: a screen's figures and tables show at once and
 * its charts follow when that code arrives (a place of the chart's height is kept meanwhile).
 */

const TrendChartCode = lazy(() => import('./trend-chart').then((m) => ({ default: m.TrendChart })));
const RankedBarsCode = lazy(() => import('./ranked-bars').then((m) => ({ default: m.RankedBars })));

function Placeholder({ title }: { title: string }) {
  return <figure className="chart chart-loading" aria-label={title} aria-busy="true" />;
}

export function TrendChart(props: ComponentProps<typeof TrendChartCode>) {
  return (
    <Suspense fallback={<Placeholder title={props.title} />}>
      <TrendChartCode {...props} />
    </Suspense>
  );
}

export function RankedBars(props: ComponentProps<typeof RankedBarsCode>) {
  return (
    <Suspense fallback={<Placeholder title={props.title} />}>
      <RankedBarsCode {...props} />
    </Suspense>
  );
}
