import type { ReactNode } from 'react';

export function PageHeader({
  title,
  subtitle,
  actions,
  busy = false,
}: {
  title: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
  busy?: boolean;
}) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle && <p className="page-subtitle">{subtitle}</p>}
      </div>
      <div className="page-actions">
        {busy && (
          <span className="updating" role="status">
            Updating…
          </span>
        )}
        {actions}
      </div>
    </header>
  );
}
