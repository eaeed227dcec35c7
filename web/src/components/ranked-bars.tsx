import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCompact } from '../i18n/format';

export interface RankedItem {
  label: string;
  value: number;
}

/**
 * Horizontal bars, largest first (Recharts): a ranking a phone can read, names on the left cut
 * to fit and shown whole in the tooltip. The table beside it carries the exact figures.
 */
export function RankedBars({
  items,
  title,
  format,
}: {
  items: readonly RankedItem[];
  title: string;
  format: (value: number) => string;
}) {
  const data = items.map((item) => ({
    name: item.label,
    short: item.label.length > 16 ? `${item.label.slice(0, 15)}…` : item.label,
    value: item.value,
  }));
  return (
    <figure className="chart" aria-label={title} data-testid="ranked-bars">
      <ResponsiveContainer width="100%" height={Math.max(120, data.length * 30 + 40)}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e3e8ee" horizontal={false} />
          <XAxis
            type="number"
            tickFormatter={(value: number) => formatCompact(value)}
            tick={{ fontSize: 12 }}
          />
          <YAxis type="category" dataKey="short" width={120} tick={{ fontSize: 12 }} />
          <Tooltip
            labelFormatter={(_, payload) => String(payload[0]?.payload?.name ?? '')}
            formatter={(value) => [format(Number(value)), title]}
          />
          <Bar dataKey="value" fill="#5b3df5" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
