/** The three roles, weakest first: each can do everything the ones before it can. */
export const ROLES = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Whether `role` has at least the rights of `needed`. */
export function atLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** Who made a request: a signed-in user (session cookie), an API token, or KPI_ADMIN_TOKEN. */
export interface Principal {
  kind: 'user' | 'token' | 'bootstrap';
  /** User id, token id, or `bootstrap`. */
  id: string;
  /** What the audit log shows: the user's email, `token:<name>`, or `KPI_ADMIN_TOKEN`. */
  name: string;
  role: Role;
  /** Set for a session: the CSRF token its state-changing requests must carry. */
  csrfToken?: string;
}
