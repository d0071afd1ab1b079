'use client';

import { ResponsiveContainer } from 'recharts';

/** A titled card with a fixed-height responsive chart area. */
export function ChartFrame({ title, height = 220, children, testId }: { title: string; height?: number; children: React.ReactElement; testId?: string }) {
  return (
    <div className="card chart-card" data-testid={testId}>
      <h3>{title}</h3>
      <div style={{ width: '100%', height }}>
        <ResponsiveContainer width="100%" height="100%">{children}</ResponsiveContainer>
      </div>
    </div>
  );
}
