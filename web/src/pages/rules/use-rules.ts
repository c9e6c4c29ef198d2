import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { ExplainRequest, NewRule } from './types';

export const RULES_QUERY = ['admin', 'rules'] as const;

export function useRules() {
  return useQuery({ queryKey: RULES_QUERY, queryFn: () => unwrap(api.GET('/admin/rules')) });
}

/** Model names for the rule scope and the explain form. */
export function useModelNames() {
  return useQuery({
    queryKey: ['admin', 'models'],
    queryFn: () => unwrap(api.GET('/admin/models')),
    select: (models) => models.map((m) => m.name),
  });
}

export function useProviderIds() {
  return useQuery({
    queryKey: ['admin', 'providers'],
    queryFn: () => unwrap(api.GET('/admin/providers')),
    select: (providers) => providers.map((p) => p.id),
  });
}

export function useKeyNames() {
  return useQuery({
    queryKey: ['admin', 'keys'],
    queryFn: () => unwrap(api.GET('/admin/keys')),
    select: (keys) => keys.map((k) => k.name),
  });
}

/** Rules are listed here and with their model (GET /admin/models). */
function invalidateRules(queryClient: QueryClient) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: RULES_QUERY, exact: true }),
    queryClient.invalidateQueries({ queryKey: ['admin', 'models'] }),
  ]);
}

/** Create (no id) or replace (id) a rule. */
export function useSaveRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, rule }: { id: string | null; rule: NewRule }) =>
      id === null
        ? unwrap(api.POST('/admin/rules', { body: rule }))
        : unwrap(
            api.PUT('/admin/rules/{id}', {
              params: { path: { id } },
              body: { when: rule.when, targets: rule.targets },
            }),
          ),
    onSuccess: () => invalidateRules(queryClient),
  });
}

export function useDeleteRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE('/admin/rules/{id}', { params: { path: { id } } })),
    onSuccess: () => invalidateRules(queryClient),
  });
}

export function useExplain() {
  return useMutation({
    mutationFn: (body: ExplainRequest) => unwrap(api.POST('/admin/route/explain', { body })),
  });
}

/** `value`, once it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export type ConditionCheck =
  | { state: 'empty' }
  | { state: 'checking' }
  | { state: 'valid' }
  | { state: 'invalid'; message: string }
  | { state: 'error'; error: Error };

export const VALIDATE_DELAY_MS = 300;

/**
 * Whether a `when` condition compiles, asked of the gateway (POST /admin/rules/validate) once
 * the user pauses typing. 'checking' until the text on screen has its answer.
 */
export function useConditionCheck(when: string): ConditionCheck {
  const settled = useDebounced(when.trim(), VALIDATE_DELAY_MS);
  const query = useQuery({
    queryKey: ['admin', 'rules', 'validate', settled],
    queryFn: () => unwrap(api.POST('/admin/rules/validate', { body: { when: settled } })),
    enabled: settled !== '',
    staleTime: Infinity,
  });
  if (when.trim() === '') return { state: 'empty' };
  if (settled !== when.trim() || query.isPending) return { state: 'checking' };
  if (query.isError) return { state: 'error', error: query.error };
  return query.data.valid
    ? { state: 'valid' }
    : { state: 'invalid', message: query.data.message ?? 'The condition does not compile.' };
}
