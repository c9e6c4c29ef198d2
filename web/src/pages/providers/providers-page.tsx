import { PageHeader } from '../../components/page-header';

export function ProvidersPage() {
  return <PageHeader title="Providers" />;
}
