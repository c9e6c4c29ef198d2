import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { ProviderBody, ProviderPatch } from './types';

/** How often live health is read again. */
export const STATUS_POLL_MS = 5_000;

export function useProviders() {
  return useQuery({
    queryKey: ['admin', 'providers'],
    queryFn: () => unwrap(api.GET('/admin/providers')),
  });
}

/** Health per provider and target, polled. */
export function useProviderStatus() {
  return useQuery({
    queryKey: ['admin', 'providers', 'status'],
    queryFn: () => unwrap(api.GET('/admin/providers/status')),
    refetchInterval: STATUS_POLL_MS,
  });
}

function useInvalidateProviders() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['admin', 'providers'] });
}

export function useCreateProvider() {
  const invalidate = useInvalidateProviders();
  return useMutation({
    mutationFn: (body: ProviderBody) => unwrap(api.POST('/admin/providers', { body })),
    onSuccess: invalidate,
  });
}

export function usePatchProvider() {
  const invalidate = useInvalidateProviders();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: ProviderPatch }) =>
      unwrap(api.PATCH('/admin/providers/{id}', { params: { path: { id } }, body })),
    onSuccess: invalidate,
  });
}

export function useDeleteProvider() {
  const invalidate = useInvalidateProviders();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE('/admin/providers/{id}', { params: { path: { id } } })),
    onSuccess: invalidate,
  });
}

/** One small request to the provider (POST /admin/providers/{id}/test). */
export function useTestProvider() {
  return useMutation({
    mutationFn: ({ id, model }: { id: string; model: string }) =>
      unwrap(
        api.POST('/admin/providers/{id}/test', {
          params: { path: { id } },
          body: model.trim() ? { model: model.trim() } : {},
        }),
      ),
  });
}
