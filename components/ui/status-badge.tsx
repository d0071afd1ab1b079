const TONE: Record<string, string> = {
  COMPLETED: 'ok',
  SUCCEEDED: 'ok',
  ACTIVE: 'ok',
  APPROVED: 'ok',
  FAILED: 'danger',
  CANCELLED: 'danger',
  REJECTED: 'danger',
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge ${TONE[status] ?? ''}`} data-testid="status-badge">
      {status.toLowerCase()}
    </span>
  );
}
