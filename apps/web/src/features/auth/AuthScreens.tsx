// The two screens before the product: first-run setup (no user exists yet: create the first
// admin) and sign-in. The API's messages are shown as they come (wrong password, rate limit).
import { useState, type FormEvent } from 'react';
import { errorText } from '../../components/States';
import { useSignIn } from './queries';

export function AuthScreen({ mode }: { mode: 'login' | 'setup' }) {
  const signIn = useSignIn(mode);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const setup = mode === 'setup';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate(setup && name.trim() ? { email, password, name } : { email, password });
  };
  return (
    <main id="main" className="auth-screen">
      <form className="card auth-card" onSubmit={submit} aria-labelledby="auth-title">
        <p className="auth-brand">Partner KPI</p>
        <h1 id="auth-title">{setup ? 'Create the first admin' : 'Sign in'}</h1>
        {setup && (
          <p className="muted">
            No account exists yet. The first account is an admin: it can invite the CPO&apos;s team,
            create API tokens for integrations and change the settings. This screen is shown only
            until that account exists.
          </p>
        )}
        {setup && (
          <div className="field">
            <label htmlFor="auth-name">Name (optional)</label>
            <input
              id="auth-name"
              type="text"
              value={name}
              autoComplete="name"
              onChange={(e) => setName(e.target.value)}
            />
          </div>
        )}
        <div className="field">
          <label htmlFor="auth-email">Email</label>
          <input
            id="auth-email"
            type="email"
            required
            value={email}
            autoComplete="username"
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="auth-password">Password{setup ? ' (at least 12 characters)' : ''}</label>
          <input
            id="auth-password"
            type="password"
            required
            minLength={setup ? 12 : undefined}
            value={password}
            autoComplete={setup ? 'new-password' : 'current-password'}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        {signIn.isError && (
          <p className="field-error" role="alert">
            {errorText(signIn.error)}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" disabled={signIn.isPending}>
            {signIn.isPending ? 'Signing in…' : setup ? 'Create admin and sign in' : 'Sign in'}
          </button>
        </div>
        {!setup && (
          <p className="muted">
            Integrations use API tokens instead (<code>Authorization: Bearer …</code>), which an
            admin creates under Admin.
          </p>
        )}
      </form>
    </main>
  );
}
