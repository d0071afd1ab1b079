import { CustomersTable } from '@/components/data/customers-table';
import { PageHeader } from '@/components/ui/page-header';
import { requirePagePermission } from '@/lib/auth/require-page';

export default async function DataPage() {
  await requirePagePermission('customers.read');
  return (
    <>
      <PageHeader title="Data" subtitle="Customers, behaviour events and logged offers of your organisation. Personal data is shown masked only." />
      <CustomersTable />
    </>
  );
}
