import { useState } from 'react';

export interface Series {
  name: string;
  color: string;
  values: number[];
  format: (value: number) => string;
}

const width = 720;
const height = 240;
const pad = { top: 16, right: 16, bottom: 28, left: 56 };

/** Rounds a maximum up to 1, 2 or 5 × 10ⁿ so the axis reads well. */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((m) => m * power >= value) ?? 10;
  return step * power;
}

/**
 * A small line chart in plain SVG: one or two series over the same days, each on its own scale
 * (left axis for the first). Hovering a day shows its values. No chart library needed for this.
 */
export function LineChart({
  labels,
  series,
  title,
}: {
  labels: string[];
  series: Series[];
  title: string;
}) {
  const [hover, setHover] = useState<number>();
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const x = (i: number) =>
    pad.left + (labels.length <= 1 ? plotW / 2 : (i / (labels.length - 1)) * plotW);
  const scales = series.map((s) => niceMax(Math.max(0, ...s.values)));
  const y = (value: number, max: number) => pad.top + plotH - (value / max) * plotH;
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const labelEvery = Math.max(1, Math.ceil(labels.length / 8));
  const first = series[0];
  const firstMax = scales[0] ?? 1;

  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={title}
        onMouseLeave={() => setHover(undefined)}
      >
        {ticks.map((t) => (
          <g key={t}>
            <line
              x1={pad.left}
              x2={width - pad.right}
              y1={pad.top + plotH * (1 - t)}
              y2={pad.top + plotH * (1 - t)}
              className="chart-grid"
            />
            {first ? (
              <text
                x={pad.left - 6}
                y={pad.top + plotH * (1 - t) + 4}
                className="chart-axis"
                textAnchor="end"
              >
                {first.format(firstMax * t)}
              </text>
            ) : null}
          </g>
        ))}
        {labels.map((label, i) =>
          i % labelEvery === 0 || i === labels.length - 1 ? (
            <text key={label} x={x(i)} y={height - 8} className="chart-axis" textAnchor="middle">
              {label.slice(5)}
            </text>
          ) : null,
        )}
        {series.map((s, index) => {
          const max = scales[index] ?? 1;
          const points = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v, max).toFixed(1)}`);
          return (
            <g key={s.name}>
              <polyline points={points.join(' ')} fill="none" stroke={s.color} strokeWidth={2} />
              {s.values.length === 1 ? (
                <circle cx={x(0)} cy={y(s.values[0] ?? 0, max)} r={3} fill={s.color} />
              ) : null}
            </g>
          );
        })}
        {labels.map((label, i) => (
          <rect
            key={label}
            x={x(i) - plotW / Math.max(1, labels.length - 1) / 2}
            y={pad.top}
            width={plotW / Math.max(1, labels.length - 1)}
            height={plotH}
            fill="transparent"
            onMouseEnter={() => setHover(i)}
          />
        ))}
        {hover !== undefined ? (
          <line
            x1={x(hover)}
            x2={x(hover)}
            y1={pad.top}
            y2={pad.top + plotH}
            className="chart-cursor"
          />
        ) : null}
      </svg>
      <figcaption className="chart-legend">
        {series.map((s) => (
          <span key={s.name}>
            <i style={{ background: s.color }} /> {s.name}
            {hover !== undefined ? `: ${s.format(s.values[hover] ?? 0)}` : ''}
          </span>
        ))}
        {hover !== undefined ? <span className="muted">{labels[hover]}</span> : null}
      </figcaption>
    </figure>
  );
}
