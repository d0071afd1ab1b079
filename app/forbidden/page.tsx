import Link from 'next/link';

export default async function ForbiddenPage({ searchParams }: { searchParams: Promise<{ need?: string }> }) {
  const { need } = await searchParams;
  return (
    <div className="auth-page">
      <div className="auth-card">
        <h1>Not allowed</h1>
        <p className="subtitle" data-testid="forbidden-message">
          Your role does not allow this page{need ? ` (it needs the permission “${need}”)` : ''}. Ask an admin of your
          organisation.
        </p>
        <Link className="btn" href="/">
          Back to the overview
        </Link>
      </div>
    </div>
  );
}
