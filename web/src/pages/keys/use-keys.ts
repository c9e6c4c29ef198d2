import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { NewKey } from './types';

export const KEYS_QUERY = ['admin', 'keys'] as const;

/** The keys with their current use, polled so rpm/tpm/budget move while the page is open. */
export function useKeys() {
  return useQuery({
    queryKey: KEYS_QUERY,
    queryFn: () => unwrap(api.GET('/admin/keys')),
    refetchInterval: 5_000,
  });
}

export function useCreateKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewKey) => unwrap(api.POST('/admin/keys', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEYS_QUERY }),
  });
}

export function useSetKeyEnabled() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ name, enabled }: { name: string; enabled: boolean }) =>
      unwrap(api.PATCH('/admin/keys/{name}', { params: { path: { name } }, body: { enabled } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEYS_QUERY }),
  });
}

export function useDeleteKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) =>
      unwrap(api.DELETE('/admin/keys/{name}', { params: { path: { name } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEYS_QUERY }),
  });
}
