import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatCompact, formatDay } from '../i18n/format';

export interface Series {
  name: string;
  color: string;
  values: number[];
  /** The full value, for the tooltip. */
  format: (value: number) => string;
  /** A short value for the axis ("1.2M", "$3K"): axis labels must fit their margin. */
  formatAxis?: (value: number) => string;
}

/**
 * One or two series over the same days (Recharts), each on its own axis; axis labels are
 * compact and day labels thin out as the range grows, so nothing is clipped or overlaps.
 */
export function TrendChart({
  labels,
  series,
  title,
}: {
  labels: string[];
  series: Series[];
  title: string;
}) {
  const data = labels.map((day, index) => ({
    day,
    ...Object.fromEntries(series.map((s) => [s.name, s.values[index] ?? 0])),
  }));
  return (
    <figure className="chart" aria-label={title} data-testid="trend-chart">
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e3e8ee" vertical={false} />
          <XAxis
            dataKey="day"
            tickFormatter={(day: string) => formatDay(day).replace(/,? \d{4}$/, '')}
            minTickGap={24}
            tick={{ fontSize: 12 }}
          />
          {series.map((s, index) => (
            <YAxis
              key={s.name}
              yAxisId={s.name}
              orientation={index === 0 ? 'left' : 'right'}
              tickFormatter={(value: number) => (s.formatAxis ?? formatCompact)(value)}
              width={56}
              tick={{ fontSize: 12 }}
            />
          ))}
          <Tooltip
            labelFormatter={(day) => formatDay(String(day))}
            formatter={(value, name) => {
              const own = series.find((s) => s.name === name);
              return own ? own.format(Number(value)) : String(value);
            }}
          />
          <Legend />
          {series.map((s) => (
            <Line
              key={s.name}
              yAxisId={s.name}
              type="monotone"
              dataKey={s.name}
              stroke={s.color}
              dot={false}
              strokeWidth={2}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
