/**
 * A scatter dot drawn as a bare SVG circle: recharts' default symbol is a d3 path computed per dot, which for the
 * thousands of dots of the summary and PCA plots was most of their pages' main-thread time. `colour` overrides the
 * series' fill per dot (from the dot's own data).
 */
export function circleDot<P>(radius: number, colour?: (payload: P) => string) {
  return function CircleDot(props: { cx?: number; cy?: number; fill?: unknown; opacity?: unknown; payload?: unknown }) {
    const { cx, cy, fill, opacity, payload } = props;
    if (cx === undefined || cy === undefined) return <g />;
    const series = typeof fill === 'string' ? fill : undefined;
    return (
      <circle
        cx={cx}
        cy={cy}
        r={radius}
        fill={colour && payload ? colour(payload as P) : series}
        fillOpacity={typeof opacity === 'number' ? opacity : undefined}
      />
    );
  };
}
