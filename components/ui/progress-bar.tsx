export function ProgressBar({ value, label, testId }: { value: number; label: string; testId?: string }) {
  const pct = Math.round(Math.max(0, Math.min(1, value)) * 100);
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
      data-testid={testId}
    >
      <div className="progress-fill" style={{ width: `${pct}%` }} />
      <span className="progress-label">
        {label}: {pct}%
      </span>
    </div>
  );
}
