// Period and filters, all in the URL: a fiscal quarter or year (or custom dates), and the
// account and partner filters the API takes (repeatable). Shown on every data view.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { PARTNER_TYPES } from '@partner-kpi/metrics';
import { useApp } from '../app/app-context';
import {
  dimensionsOptions,
  partnerDirectoryOptions,
  type PartnerInfo,
} from '../features/workspace/queries';
import { FILTER_LABELS, partnerTypeLabel, periodTitle } from '../lib/labels';
import {
  isValidRange,
  periodParam,
  parsePeriodParam,
  quarterOptions,
  resolvePeriod,
  yearOptions,
  type PeriodSelection,
} from '../lib/periods';
import { useViewState } from '../lib/router';
import {
  filterCount,
  toggleFilterValue,
  type FilterKey,
  type FilterValues,
} from '../lib/url-state';

function selectValue(p: PeriodSelection): string {
  return p.kind === 'current'
    ? 'current'
    : p.kind === 'custom'
      ? 'custom'
      : (periodParam(p) ?? 'current');
}

export function PeriodPicker() {
  const { settings, today, fmt } = useApp();
  const [view, setView] = useViewState();
  const start = settings.fiscal_year_start_month;
  const [custom, setCustom] = useState(view.period.kind === 'custom');
  const resolved = resolvePeriod(view.period, start, today);
  const [from, setFrom] = useState(resolved.from);
  const [to, setTo] = useState(resolved.to);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  const quarters = quarterOptions(today, start, 13);
  const years = yearOptions(today, start, 4);
  const value = custom ? 'custom' : selectValue(view.period);
  const known = new Set([
    'current',
    'custom',
    ...quarters.map((q) => q.value),
    ...years.map((y) => y.value),
  ]);
  const current = resolvePeriod({ kind: 'current' }, start, today);

  const onSelect = (v: string) => {
    setError(null);
    if (v === 'custom') {
      setCustom(true);
      return;
    }
    setCustom(false);
    setView({
      period: v === 'current' ? { kind: 'current' } : (parsePeriodParam(v) ?? { kind: 'current' }),
    });
  };
  const apply = (e: FormEvent) => {
    e.preventDefault();
    if (!isValidRange(from, to)) {
      setError('Pick a start date on or before the end date.');
      return;
    }
    setError(null);
    setView({ period: { kind: 'custom', from, to } });
  };

  return (
    <form className="period-picker" onSubmit={apply}>
      <label htmlFor={`${id}-period`}>Period</label>
      <select
        id={`${id}-period`}
        value={value}
        onChange={(e) => onSelect(e.target.value)}
        data-testid="period-select"
      >
        <option value="current">This quarter to date ({current.label})</option>
        {!known.has(value) && <option value={value}>{periodTitle(resolved, fmt)}</option>}
        <optgroup label="Fiscal quarters">
          {quarters.map((q) => (
            <option key={q.value} value={q.value}>
              {q.label}
            </option>
          ))}
        </optgroup>
        <optgroup label="Fiscal years">
          {years.map((y) => (
            <option key={y.value} value={y.value}>
              {y.label}
            </option>
          ))}
        </optgroup>
        <option value="custom">Custom dates…</option>
      </select>
      {custom && (
        <>
          <label htmlFor={`${id}-from`}>From</label>
          <input
            id={`${id}-from`}
            type="date"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            required
          />
          <label htmlFor={`${id}-to`}>To</label>
          <input
            id={`${id}-to`}
            type="date"
            value={to}
            onChange={(e) => setTo(e.target.value)}
            required
          />
          <button type="submit" className="button-secondary">
            Apply
          </button>
          {error && (
            <span className="field-error" role="alert">
              {error}
            </span>
          )}
        </>
      )}
    </form>
  );
}

function partnerName(partners: readonly PartnerInfo[] | undefined, id: string): string {
  return partners?.find((p) => p.partner_id === id)?.name ?? id;
}

function chipText(
  key: FilterKey,
  value: string,
  partners: readonly PartnerInfo[] | undefined,
): string {
  if (key === 'partner_id') return partnerName(partners, value);
  if (key === 'partner_type') return partnerTypeLabel(value);
  return value;
}

function FilterGroup({
  filterKey,
  options,
  filters,
  onToggle,
}: {
  filterKey: FilterKey;
  options: { value: string; label: string }[];
  filters: FilterValues;
  onToggle: (key: FilterKey, value: string) => void;
}) {
  const selected = filters[filterKey] ?? [];
  // Values in the URL that the options do not list (typed by hand, or gone since) stay removable.
  const all = [
    ...options,
    ...selected
      .filter((v) => !options.some((o) => o.value === v))
      .map((v) => ({ value: v, label: v })),
  ];
  return (
    <fieldset className="filter-group">
      <legend>{FILTER_LABELS[filterKey]}</legend>
      {all.length === 0 && <span className="muted small">None in the data</span>}
      {all.map((o) => (
        <label key={o.value} className="check">
          <input
            type="checkbox"
            checked={selected.includes(o.value)}
            onChange={() => onToggle(filterKey, o.value)}
          />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

function FilterPanel({
  id,
  filters,
  onToggle,
}: {
  id: string;
  filters: FilterValues;
  onToggle: (key: FilterKey, value: string) => void;
}) {
  const partners = useQuery(partnerDirectoryOptions());
  const dims = useQuery(dimensionsOptions());
  const list = partners.data ?? [];
  const types = PARTNER_TYPES.filter((t) => list.length === 0 || list.some((p) => p.type === t));
  const tiers = [...new Set(list.map((p) => p.tier).filter((t): t is string => t !== null))].sort();
  return (
    <div id={id} className="filter-panel" role="group" aria-label="Filters">
      <FilterGroup
        filterKey="segment"
        options={(dims.data?.segments ?? []).map((v) => ({ value: v, label: v }))}
        filters={filters}
        onToggle={onToggle}
      />
      <FilterGroup
        filterKey="region"
        options={(dims.data?.regions ?? []).map((v) => ({ value: v, label: v }))}
        filters={filters}
        onToggle={onToggle}
      />
      <FilterGroup
        filterKey="partner_type"
        options={types.map((t) => ({ value: t, label: partnerTypeLabel(t) }))}
        filters={filters}
        onToggle={onToggle}
      />
      <FilterGroup
        filterKey="partner_tier"
        options={tiers.map((t) => ({ value: t, label: t }))}
        filters={filters}
        onToggle={onToggle}
      />
      <FilterGroup
        filterKey="partner_id"
        options={list.map((p) => ({ value: p.partner_id, label: p.name }))}
        filters={filters}
        onToggle={onToggle}
      />
      {(dims.isPending || partners.isPending) && (
        <p className="muted small" role="status">
          Loading the filter values…
        </p>
      )}
    </div>
  );
}

export function FilterBar({ showPeriod }: { showPeriod: boolean }) {
  const { settings, today, fmt } = useApp();
  const [view, setView] = useViewState();
  const [open, setOpen] = useState(false);
  const partners = useQuery(partnerDirectoryOptions());
  const id = useId();
  const panelRef = useRef<HTMLDivElement>(null);
  const count = filterCount(view.filters);
  const toggle = (key: FilterKey, value: string) =>
    setView({ filters: toggleFilterValue(view.filters, key, value) });
  const chips = (Object.keys(FILTER_LABELS) as FilterKey[]).flatMap((key) =>
    (view.filters[key] ?? []).map((value) => ({ key, value })),
  );
  const period = resolvePeriod(view.period, settings.fiscal_year_start_month, today);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);

  return (
    <>
      <div className="filter-bar no-print" ref={panelRef}>
        <div className="filter-row">
          {showPeriod && <PeriodPicker key={JSON.stringify(view.period)} />}
          <button
            type="button"
            className="button-secondary"
            aria-expanded={open}
            aria-controls={`${id}-panel`}
            onClick={() => setOpen((o) => !o)}
            data-testid="filters-button"
          >
            Filters{count > 0 ? ` (${count})` : ''}
          </button>
          {chips.length > 0 && (
            <ul className="chips" aria-label="Active filters">
              {chips.map((c) => (
                <li key={`${c.key}=${c.value}`}>
                  <button
                    type="button"
                    className="chip"
                    onClick={() => toggle(c.key, c.value)}
                    aria-label={`Remove filter ${FILTER_LABELS[c.key]}: ${chipText(c.key, c.value, partners.data)}`}
                  >
                    <span className="muted">{FILTER_LABELS[c.key]}:</span>{' '}
                    {chipText(c.key, c.value, partners.data)} <span aria-hidden="true">×</span>
                  </button>
                </li>
              ))}
              <li>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => setView({ filters: {} })}
                >
                  Clear filters
                </button>
              </li>
            </ul>
          )}
        </div>
        {open && <FilterPanel id={`${id}-panel`} filters={view.filters} onToggle={toggle} />}
      </div>
      <p className="print-only print-context">
        <strong>Partner KPI</strong> · printed {fmt.date(today)}.{' '}
        {showPeriod && (
          <>
            Period: {periodTitle(period, fmt)} ({fmt.dateRange(period.from, period.to)}).{' '}
          </>
        )}
        Filters:{' '}
        {chips.length === 0
          ? 'none'
          : chips
              .map((c) => `${FILTER_LABELS[c.key]} ${chipText(c.key, c.value, partners.data)}`)
              .join(', ')}
        .
      </p>
    </>
  );
}
