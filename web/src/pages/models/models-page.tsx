import { PageHeader } from '../../components/page-header';

export function ModelsPage() {
  return <PageHeader title="Models" />;
}
