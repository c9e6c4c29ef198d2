import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

/** Key, model and provider names the filters suggest (a datalist: other names still work). */
export function useFilterNames() {
  const keys = useQuery({
    queryKey: ['admin', 'keys'],
    queryFn: () => unwrap(api.GET('/admin/keys')),
    select: (list) => list.map((k) => k.name),
  });
  const models = useQuery({
    queryKey: ['admin', 'models'],
    queryFn: () => unwrap(api.GET('/admin/models')),
    select: (list) => list.map((m) => m.name),
  });
  const providers = useQuery({
    queryKey: ['admin', 'providers'],
    queryFn: () => unwrap(api.GET('/admin/providers')),
    select: (list) => list.map((p) => p.id),
  });
  return { keys: keys.data ?? [], models: models.data ?? [], providers: providers.data ?? [] };
}
