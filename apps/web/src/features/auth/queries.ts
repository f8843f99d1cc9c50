// Who is signed in (GET /api/v1/auth/status), sign-in, first-run setup and sign-out. Signing in
// or out clears every cached answer: what one principal was shown is not kept for the next.
import { queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { getJson, sendRequest } from '../../api/client';

export type Role = 'viewer' | 'editor' | 'admin';

export interface AuthStatus {
  setup_required: boolean;
  principal: { kind: 'user' | 'token' | 'bootstrap'; name: string; role: Role } | null;
  csrf_token: string | null;
}

const ROLES: readonly Role[] = ['viewer', 'editor', 'admin'];

/** Whether `role` has at least the rights of `needed` (the API decides; this only hides what it would refuse). */
export function atLeast(role: Role | undefined, needed: Role): boolean {
  return role !== undefined && ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

export const authStatusOptions = () =>
  queryOptions({
    queryKey: ['auth', 'status'] as const,
    queryFn: ({ signal }) => getJson<AuthStatus>('/api/v1/auth/status', {}, signal),
    staleTime: 5 * 60_000,
  });

function startOver(client: QueryClient, status: AuthStatus): void {
  // Keep the auth query itself (the shell observes it); drop every answer given to the last principal.
  client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
  client.setQueryData(authStatusOptions().queryKey, status);
}

export interface Credentials {
  email: string;
  password: string;
  name?: string;
}

export function useSignIn(kind: 'login' | 'setup') {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Credentials) =>
      sendRequest<AuthStatus>('POST', `/api/v1/auth/${kind}`, { body }),
    onSuccess: (status) => startOver(client, status),
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => sendRequest<unknown>('POST', '/api/v1/auth/logout'),
    onSettled: () =>
      startOver(client, { setup_required: false, principal: null, csrf_token: null }),
  });
}
