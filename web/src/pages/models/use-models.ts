import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { STATUS_POLL_MS } from '../providers/use-providers';
import type { ModelBody } from './types';

export function useModels() {
  return useQuery({
    queryKey: ['admin', 'models'],
    queryFn: () => unwrap(api.GET('/admin/models')),
  });
}

/** A model's targets with their health and quota use, polled. */
export function useModelStatus(name: string | null) {
  return useQuery({
    queryKey: ['admin', 'models', name, 'status'],
    queryFn: () =>
      unwrap(api.GET('/admin/models/{name}/status', { params: { path: { name: name ?? '' } } })),
    enabled: name !== null,
    refetchInterval: STATUS_POLL_MS,
  });
}

function useInvalidate() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['admin', 'models'] }),
      // Target health and quota use are listed per provider too.
      queryClient.invalidateQueries({ queryKey: ['admin', 'providers', 'status'] }),
    ]);
}

/** POST /admin/models for a new model, PUT /admin/models/{name} (the whole model) for an edit. */
export function useSaveModel() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ body, creating }: { body: ModelBody; creating: boolean }) =>
      creating
        ? unwrap(api.POST('/admin/models', { body }))
        : unwrap(api.PUT('/admin/models/{name}', { params: { path: { name: body.name } }, body })),
    onSuccess: invalidate,
  });
}

export function useDeleteModel() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (name: string) =>
      unwrap(api.DELETE('/admin/models/{name}', { params: { path: { name } } })),
    onSuccess: invalidate,
  });
}
