/**
 * A scatter dot drawn as a bare SVG circle: recharts' default symbol is a d3 path computed per dot, which for the
 * thousands of dots of the summary and PCA plots was most of their pages' main-thread time.
 */
interface DotProps {
  cx?: number;
  cy?: number;
  fill?: unknown;
  opacity?: unknown;
  payload?: unknown;
}

export function CircleDot({ cx, cy, fill, opacity, radius, colour }: DotProps & { radius: number; colour?: string }) {
  if (cx === undefined || cy === undefined) return <g />;
  return (
    <circle
      cx={cx}
      cy={cy}
      r={radius}
      fill={colour ?? (typeof fill === 'string' ? fill : undefined)}
      fillOpacity={typeof opacity === 'number' ? opacity : undefined}
    />
  );
}

/** A Scatter's `shape`: CircleDot of this radius, coloured per dot from its data when `colour` is given. */
export function circleShape<P>(radius: number, colour?: (payload: P) => string) {
  return (props: DotProps) => (
    <CircleDot {...props} radius={radius} colour={colour && props.payload ? colour(props.payload as P) : undefined} />
  );
}
