// Admin: the people who may sign in and their roles, the API tokens of integrations (a new
// token's secret is shown once), and the audit log of who did what.
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useApp } from '../../app/app-context';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, errorText, Skeleton } from '../../components/States';
import type { Role } from '../auth/queries';
import {
  auditOptions,
  createToken,
  createUser,
  deleteUser,
  revokeToken,
  tokensOptions,
  updateUser,
  useAdminChange,
  usersOptions,
} from './queries';

const ROLES: Role[] = ['viewer', 'editor', 'admin'];
const ROLE_HELP: Record<Role, string> = {
  viewer: 'reads every figure and downloads exports',
  editor: 'also imports data, saves mappings and freezes board snapshots',
  admin: 'also manages users, tokens and settings, replaces imports and deletes',
};

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

function RoleSelect({
  id,
  value,
  onChange,
}: {
  id: string;
  value: Role;
  onChange: (r: Role) => void;
}) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value as Role)}>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {r}
        </option>
      ))}
    </select>
  );
}

function Users() {
  const { principal } = useApp();
  const users = useQuery(usersOptions());
  const create = useAdminChange(createUser);
  const update = useAdminChange(updateUser);
  const remove = useAdminChange(deleteUser);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { email, password, role },
      {
        onSuccess: () => {
          setEmail('');
          setPassword('');
        },
      },
    );
  };
  const failure = create.error ?? update.error ?? remove.error;
  return (
    <section className="card" aria-labelledby="users-title">
      <h2 id="users-title" className="card-title">
        Users
      </h2>
      {users.isPending && <Skeleton height={80} width="100%" label="Loading users" />}
      {users.isError && <ErrorState error={users.error} onRetry={() => void users.refetch()} />}
      {users.data && (
        <div className="table-scroll">
          <table className="data-table" data-testid="users-table">
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Last sign-in</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((u) => (
                <tr key={u.id} data-user={u.email}>
                  <td>
                    {u.email}
                    {u.name ? ` (${u.name})` : ''}
                  </td>
                  <td>
                    <label className="visually-hidden" htmlFor={`role-${u.id}`}>
                      Role of {u.email}
                    </label>
                    <RoleSelect
                      id={`role-${u.id}`}
                      value={u.role}
                      onChange={(r) => update.mutate({ id: u.id, role: r })}
                    />
                  </td>
                  <td>{when(u.last_login_at)}</td>
                  <td>
                    <button
                      type="button"
                      className="button-secondary"
                      onClick={() => update.mutate({ id: u.id, disabled: !u.disabled })}
                    >
                      {u.disabled ? 'Enable' : 'Disable'}
                    </button>
                  </td>
                  <td>
                    {u.email !== principal.name && (
                      <button
                        type="button"
                        className="button-secondary"
                        onClick={() => {
                          if (window.confirm(`Delete ${u.email}? They can no longer sign in.`))
                            remove.mutate(u.id);
                        }}
                      >
                        Delete
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {failure && (
        <p className="field-error" role="alert">
          {errorText(failure)}
        </p>
      )}
      <form className="inline-form" onSubmit={submit} aria-label="Add a user">
        <div className="field">
          <label htmlFor="new-user-email">Email</label>
          <input
            id="new-user-email"
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="new-user-password">Initial password (12+ characters)</label>
          <input
            id="new-user-password"
            type="password"
            required
            minLength={12}
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="new-user-role">Role</label>
          <RoleSelect id="new-user-role" value={role} onChange={setRole} />
        </div>
        <button type="submit" disabled={create.isPending}>
          Add user
        </button>
      </form>
      <ul className="muted">
        {ROLES.map((r) => (
          <li key={r}>
            <strong>{r}</strong>: {ROLE_HELP[r]}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Tokens() {
  const tokens = useQuery(tokensOptions());
  const create = useAdminChange(createToken);
  const revoke = useAdminChange(revokeToken);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('editor');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name, role }, { onSuccess: () => setName('') });
  };
  return (
    <section className="card" aria-labelledby="tokens-title">
      <h2 id="tokens-title" className="card-title">
        API tokens
      </h2>
      <p className="muted">
        For integrations (a nightly CRM export, a script): send{' '}
        <code>Authorization: Bearer &lt;token&gt;</code>.
      </p>
      {create.data && (
        <div className="state" role="status" data-testid="new-token">
          <strong>Copy the token of “{create.data.name}” now: it is not shown again.</strong>
          <code className="token-secret">{create.data.token}</code>
        </div>
      )}
      {tokens.isPending && <Skeleton height={60} width="100%" label="Loading tokens" />}
      {tokens.isError && <ErrorState error={tokens.error} onRetry={() => void tokens.refetch()} />}
      {tokens.data && tokens.data.length === 0 && <p className="muted">No API token yet.</p>}
      {tokens.data && tokens.data.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" data-testid="tokens-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Starts with</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.map((t) => (
                <tr key={t.id} data-token={t.name}>
                  <td>{t.name}</td>
                  <td>{t.role}</td>
                  <td>
                    <code>{t.prefix}…</code>
                  </td>
                  <td>
                    {when(t.created_at)} by {t.created_by}
                  </td>
                  <td>{when(t.last_used_at)}</td>
                  <td>
                    {t.revoked_at ? (
                      <span className="muted">revoked {when(t.revoked_at)}</span>
                    ) : (
                      <button
                        type="button"
                        className="button-secondary"
                        onClick={() => revoke.mutate(t.id)}
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(create.error ?? revoke.error) && (
        <p className="field-error" role="alert">
          {errorText(create.error ?? revoke.error)}
        </p>
      )}
      <form className="inline-form" onSubmit={submit} aria-label="Create an API token">
        <div className="field">
          <label htmlFor="new-token-name">Name</label>
          <input
            id="new-token-name"
            type="text"
            required
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="new-token-role">Role</label>
          <RoleSelect id="new-token-role" value={role} onChange={setRole} />
        </div>
        <button type="submit" disabled={create.isPending}>
          Create token
        </button>
      </form>
    </section>
  );
}

function Audit() {
  const [offset, setOffset] = useState(0);
  const [action, setAction] = useState('');
  const audit = useQuery(auditOptions(offset, action));
  return (
    <section className="card" aria-labelledby="audit-title">
      <h2 id="audit-title" className="card-title">
        Audit log
      </h2>
      <div className="field">
        <label htmlFor="audit-action">Action</label>
        <select
          id="audit-action"
          value={action}
          onChange={(e) => {
            setAction(e.target.value);
            setOffset(0);
          }}
        >
          <option value="">all</option>
          {[
            'auth.login',
            'auth.login_failed',
            'auth.logout',
            'auth.setup',
            'import',
            'settings.update',
            'snapshot.create',
            'snapshot.delete',
            'token.create',
            'token.revoke',
            'user.create',
            'user.update',
            'user.delete',
            'mapping.save',
            'mapping.delete',
            'demo.load',
          ].map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </div>
      {audit.isPending && <Skeleton height={120} width="100%" label="Loading the audit log" />}
      {audit.isError && <ErrorState error={audit.error} onRetry={() => void audit.refetch()} />}
      {audit.data && (
        <>
          <div className="table-scroll">
            <table className="data-table" data-testid="audit-table">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">Action</th>
                  <th scope="col">On</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {audit.data.entries.map((e) => (
                  <tr key={e.id} data-action={e.action}>
                    <td>{when(e.at)}</td>
                    <td>{e.actor}</td>
                    <td>{e.action}</td>
                    <td>{e.target ?? '—'}</td>
                    <td>
                      <code className="audit-details">{JSON.stringify(e.details)}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted">
            {audit.data.total === 0
              ? 'Nothing recorded yet.'
              : `${offset + 1}–${offset + audit.data.entries.length} of ${audit.data.total}`}{' '}
            <button
              type="button"
              className="button-secondary"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - 50))}
            >
              Newer
            </button>{' '}
            <button
              type="button"
              className="button-secondary"
              disabled={offset + 50 >= audit.data.total}
              onClick={() => setOffset(offset + 50)}
            >
              Older
            </button>
          </p>
        </>
      )}
    </section>
  );
}

export function AdminPage() {
  return (
    <div className="page">
      <PageHeader
        title="Users, tokens and audit"
        subtitle="Who may read and change this workspace, and what they did."
      />
      <Users />
      <Tokens />
      <Audit />
    </div>
  );
}
