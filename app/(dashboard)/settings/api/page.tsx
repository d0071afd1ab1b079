import { ApiReference } from '@/components/settings/api-reference';
import { PageHeader } from '@/components/ui/page-header';
import { requirePagePermission } from '@/lib/auth/require-page';
import { apiDocument } from '@/lib/openapi/api-document';

export default async function ApiReferencePage() {
  await requirePagePermission('org.read');
  const doc = apiDocument();
  return (
    <>
      <PageHeader
        title="API reference"
        subtitle={`OfferPilot API ${doc.info.version}: every /api/v1 operation, its permission, inputs, answers and errors.`}
      />
      <div className="card small">
        <p style={{ marginTop: 0 }}>
          Authenticate with <code>Authorization: Bearer op_…</code> — an admin creates keys in Settings. The
          machine-readable document is <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1, built from
          the same schemas that validate each request); <code>npm run sdk</code> builds a typed client from it.
        </p>
      </div>
      <ApiReference doc={doc} />
    </>
  );
}
