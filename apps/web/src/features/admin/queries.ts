// Users, API tokens and the audit log (admins only: the API refuses everyone else).
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { getJson, sendRequest } from '../../api/client';
import type { Role } from '../auth/queries';

export interface User {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  disabled: boolean;
  created_at: string;
  last_login_at: string | null;
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  created_by: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  actor_kind: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  ip: string | null;
}

export const usersOptions = () =>
  queryOptions({
    queryKey: ['admin', 'users'] as const,
    queryFn: ({ signal }) => getJson<User[]>('/api/v1/users', {}, signal),
  });

export const tokensOptions = () =>
  queryOptions({
    queryKey: ['admin', 'tokens'] as const,
    queryFn: ({ signal }) => getJson<ApiToken[]>('/api/v1/tokens', {}, signal),
  });

export const auditOptions = (offset: number, action: string) =>
  queryOptions({
    queryKey: ['admin', 'audit', { offset, action }] as const,
    queryFn: ({ signal }) =>
      getJson<{ total: number; entries: AuditEntry[] }>(
        '/api/v1/audit',
        { limit: 50, offset, action: action || undefined },
        signal,
      ),
  });

/** A call that changes users or tokens; afterwards every admin list (and the audit) is refetched. */
export function useAdminChange<T, V>(send: (vars: V) => Promise<T>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: () => client.invalidateQueries({ queryKey: ['admin'] }),
  });
}

export const createUser = (body: { email: string; password: string; role: Role; name?: string }) =>
  sendRequest<User>('POST', '/api/v1/users', { body });
export const updateUser = ({ id, ...body }: { id: string; role?: Role; disabled?: boolean }) =>
  sendRequest<User>('PATCH', `/api/v1/users/${encodeURIComponent(id)}`, { body });
export const deleteUser = (id: string) =>
  sendRequest<User>('DELETE', `/api/v1/users/${encodeURIComponent(id)}`);
export const createToken = (body: { name: string; role: Role }) =>
  sendRequest<ApiToken & { token: string }>('POST', '/api/v1/tokens', { body });
export const revokeToken = (id: string) =>
  sendRequest<ApiToken>('DELETE', `/api/v1/tokens/${encodeURIComponent(id)}`);
