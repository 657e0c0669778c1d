import { useQuery } from '@tanstack/react-query';
import { api, enc } from '../api/client.ts';
import type { Variable } from '../../../shared/variables.ts';

export const variablesKey = ['variables'] as const;

export const variablePath = (name: string) => `/api/variables/${enc(name)}`;

export const listVariables = () => api.get<{ variables: Variable[] }>('/api/variables').then((r) => r.variables);

/** The installation's environment variables, for the Variables page and `$env.` completion. */
export function useVariables() {
  return useQuery({ queryKey: variablesKey, queryFn: listVariables, staleTime: 30_000 });
}
