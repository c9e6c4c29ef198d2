import { PageHeader } from '../../components/page-header';

export function KeysPage() {
  return <PageHeader title="Keys" />;
}
