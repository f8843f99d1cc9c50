// Reporting currency, fiscal year start and gross margin (GET/PUT /api/v1/settings). The API
// validates; its messages are shown beside the field they name.
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import type { Settings } from '../../api/types';
import { useApp } from '../../app/app-context';
import { PageHeader } from '../../components/PageHeader';
import { errorText } from '../../components/States';
import { fiscalYearPeriod, fiscalYearOf } from '@partner-kpi/metrics';
import { useUpdateSettings } from './queries';
import { atLeast } from '../auth/queries';

const MONTHS = Array.from({ length: 12 }, (_, i) =>
  new Intl.DateTimeFormat(undefined, { month: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2000, i, 1)),
  ),
);

type Field = keyof Settings;
const FIELDS: Field[] = ['reporting_currency', 'fiscal_year_start_month', 'gross_margin'];

/** API messages by the field they name ("gross_margin must be at most 1"); the rest are general. */
export function messagesByField(messages: readonly string[]): {
  fields: Partial<Record<Field, string[]>>;
  general: string[];
} {
  const fields: Partial<Record<Field, string[]>> = {};
  const general: string[] = [];
  for (const m of messages) {
    const field = FIELDS.find((f) => new RegExp(`\\b${f}\\b`).test(m));
    if (field) (fields[field] ??= []).push(m);
    else general.push(m);
  }
  return { fields, general };
}

export function SettingsPage() {
  const { settings, today, fmt, principal } = useApp();
  const canEdit = atLeast(principal.role, 'admin');
  const update = useUpdateSettings();
  const [currency, setCurrency] = useState(settings.reporting_currency);
  const [startMonth, setStartMonth] = useState(String(settings.fiscal_year_start_month));
  const [margin, setMargin] = useState(String(settings.gross_margin));
  const [saved, setSaved] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const change: Record<string, unknown> = {};
    if (currency.trim() !== settings.reporting_currency)
      change.reporting_currency = currency.trim();
    if (Number(startMonth) !== settings.fiscal_year_start_month)
      change.fiscal_year_start_month = Number(startMonth);
    // Send what was typed (a number, or the text when it is not one): the API says what is wrong.
    const text = margin.trim();
    const marginValue = text !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
    if (marginValue !== settings.gross_margin) change.gross_margin = marginValue;
    update.mutate(change, { onSuccess: () => setSaved(true) });
  };

  const messages =
    update.error instanceof ApiError
      ? messagesByField(update.error.messages)
      : { fields: {}, general: update.error ? [errorText(update.error)] : [] };
  const fieldError = (f: Field) => messages.fields[f]?.join(' ');
  const fy = fiscalYearOf(today, Number(startMonth) || 1);
  const fyPeriod = fiscalYearPeriod(fy, Number(startMonth) || 1);
  const marginNumber = Number(margin);

  return (
    <div className="page settings">
      <PageHeader
        title="Settings"
        subtitle="These settings change every figure: the currency amounts are shown in, the fiscal calendar periods follow, and CAC payback."
      />
      <form className="card settings-form" onSubmit={submit} noValidate>
        {!canEdit && (
          <p className="muted" role="note">
            Only an admin can change the settings; you are signed in as {principal.role}.
          </p>
        )}
        <fieldset className="plain-fieldset" disabled={!canEdit}>
          <div className="field">
            <label htmlFor="reporting_currency">Reporting currency</label>
            <input
              id="reporting_currency"
              value={currency}
              onChange={(e) => setCurrency(e.target.value.toUpperCase())}
              maxLength={3}
              autoComplete="off"
              aria-invalid={Boolean(fieldError('reporting_currency'))}
              aria-describedby="reporting_currency-help reporting_currency-error"
            />
            <span id="reporting_currency-help" className="muted small">
              ISO 4217 code (USD, EUR, GBP…). All imported amounts are in this currency.
            </span>
            {fieldError('reporting_currency') && (
              <span id="reporting_currency-error" className="field-error">
                {fieldError('reporting_currency')}
              </span>
            )}
          </div>
          <div className="field">
            <label htmlFor="fiscal_year_start_month">Fiscal year starts in</label>
            <select
              id="fiscal_year_start_month"
              value={startMonth}
              onChange={(e) => setStartMonth(e.target.value)}
              aria-invalid={Boolean(fieldError('fiscal_year_start_month'))}
              aria-describedby="fiscal_year_start_month-help fiscal_year_start_month-error"
            >
              {MONTHS.map((m, i) => (
                <option key={m} value={String(i + 1)}>
                  {m}
                </option>
              ))}
            </select>
            <span id="fiscal_year_start_month-help" className="muted small">
              A fiscal year is named after the calendar year it ends in: FY{fy} runs{' '}
              {fmt.dateRange(fyPeriod.from, fyPeriod.to)}.
            </span>
            {fieldError('fiscal_year_start_month') && (
              <span id="fiscal_year_start_month-error" className="field-error">
                {fieldError('fiscal_year_start_month')}
              </span>
            )}
          </div>
          <div className="field">
            <label htmlFor="gross_margin">Gross margin</label>
            <input
              id="gross_margin"
              inputMode="decimal"
              value={margin}
              onChange={(e) => setMargin(e.target.value)}
              aria-invalid={Boolean(fieldError('gross_margin'))}
              aria-describedby="gross_margin-help gross_margin-error"
            />
            <span id="gross_margin-help" className="muted small">
              A fraction greater than 0 and at most 1
              {Number.isFinite(marginNumber) && marginNumber > 0 && marginNumber <= 1
                ? ` (${Math.round(marginNumber * 1000) / 10}%)`
                : ''}
              ; used for CAC payback.
            </span>
            {fieldError('gross_margin') && (
              <span id="gross_margin-error" className="field-error">
                {fieldError('gross_margin')}
              </span>
            )}
          </div>
          {messages.general.length > 0 && (
            <div className="state state-error" role="alert">
              {messages.general.map((m) => (
                <p key={m}>{m}</p>
              ))}
            </div>
          )}
          {Object.keys(messages.fields).length > 0 && (
            <p className="field-error" role="alert">
              The settings were not saved: correct the field
              {Object.keys(messages.fields).length > 1 ? 's' : ''} marked above.
            </p>
          )}
          <div className="form-actions">
            <button type="submit" disabled={update.isPending}>
              {update.isPending ? 'Saving…' : 'Save settings'}
            </button>
            {saved && !update.isPending && (
              <span role="status" className="good">
                Saved. Every figure now uses these settings.
              </span>
            )}
          </div>
        </fieldset>
      </form>
    </div>
  );
}
