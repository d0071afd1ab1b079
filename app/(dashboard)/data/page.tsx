import { CustomersTable } from '@/components/data/customers-table';
import { DatasetsTable } from '@/components/data/datasets-table';
import { UploadCard } from '@/components/data/upload-card';
import { PageHeader } from '@/components/ui/page-header';
import { requirePagePermission } from '@/lib/auth/require-page';
import { can } from '@/lib/rbac';

export default async function DataPage() {
  const ctx = await requirePagePermission('customers.read');
  return (
    <>
      <PageHeader
        title="Data"
        subtitle="Customers, behaviour events and logged offers of your organisation. Personal data is stored as keyed hashes and shown masked."
      />
      {can(ctx.role, 'data.upload') && <UploadCard />}
      <DatasetsTable />
      <CustomersTable />
    </>
  );
}
