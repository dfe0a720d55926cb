/** A small line chart of the last few minutes of one figure (SVG, no library). */
import { chartPoints } from '../stats/stats-history';

interface Props {
  label: string;
  /** The current value, as text, shown beside the label. */
  value: string;
  points: readonly { t: number; v: number }[];
  /** The top of the chart; values above it are drawn at the top. */
  max: number;
  windowMs: number;
  colour?: string;
  /** A second series (network tx, block writes) drawn dashed. */
  second?: readonly { t: number; v: number }[];
}

const WIDTH = 300;
const HEIGHT = 60;

export function StatsChart({ label, value, points, max, windowMs, colour = 'var(--accent)', second }: Props) {
  return (
    <figure className="stats-chart" data-testid="stats-chart" data-label={label}>
      <figcaption>
        <span>{label}</span>
        <strong data-testid="stats-value">{value}</strong>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={`${label} over the last ${Math.round(windowMs / 60_000)} minutes`}>
        <line x1="0" y1={HEIGHT - 0.5} x2={WIDTH} y2={HEIGHT - 0.5} className="axis" />
        <polyline points={chartPoints(points, WIDTH, HEIGHT, windowMs, max)} fill="none" stroke={colour} strokeWidth="1.5" vectorEffect="non-scaling-stroke" />
        {second && (
          <polyline points={chartPoints(second, WIDTH, HEIGHT, windowMs, max)} fill="none" stroke={colour} strokeWidth="1.5"
            strokeDasharray="4 3" vectorEffect="non-scaling-stroke" />
        )}
      </svg>
    </figure>
  );
}
