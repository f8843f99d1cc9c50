// Editing a column mapping: for each field of the entity its source column and default, the
// value map of enum fields (raw CRM value -> stored value), and the date layout.
import { useId } from 'react';
import { ENTITY_SPECS, type Entity, type FieldSpec } from './entities';
import {
  DATE_FORMATS,
  compileDateFormat,
  detectDateFormat,
  distinctValues,
  suggestDraft,
  type MappingDraft,
} from './mapping';

export function MappingEditor({
  entity,
  header,
  rows,
  draft,
  onChange,
}: {
  entity: Entity;
  header: readonly string[];
  rows: readonly (readonly string[])[];
  draft: MappingDraft;
  onChange: (draft: MappingDraft) => void;
}) {
  const spec = ENTITY_SPECS[entity];
  const id = useId();
  const setColumn = (field: string, column: string) =>
    onChange({ ...draft, columns: { ...draft.columns, [field]: column } });
  const setDefault = (field: string, value: string) =>
    onChange({ ...draft, defaults: { ...draft.defaults, [field]: value } });
  const setValue = (field: string, raw: string, value: string) => {
    const table = { ...(draft.values[field] ?? {}) };
    if (value === '') delete table[raw];
    else table[raw] = value;
    onChange({ ...draft, values: { ...draft.values, [field]: table } });
  };
  const detected = detectDateFormat(entity, header, rows, draft.columns);
  const dateParser = draft.date_format.trim() ? compileDateFormat(draft.date_format) : null;
  const formatInvalid = draft.date_format.trim() !== '' && dateParser === null;
  const enumFields = spec.fields.filter((f) => f.kind === 'enum' && draft.columns[f.name]);
  const hasDates = spec.fields.some((f) => f.kind === 'date' || f.kind === 'month');

  return (
    <div className="mapping-editor">
      <div className="mapping-toolbar">
        <button
          type="button"
          className="button-secondary"
          onClick={() => onChange(suggestDraft(entity, header, rows))}
          disabled={header.length === 0}
        >
          Suggest from the file’s header
        </button>
        <span className="muted small">
          Matches header names to fields ignoring case, spaces and underscores, plus common CRM
          names (opportunity_id → deal_id, close_value → amount…). Check every line.
        </span>
      </div>
      <div className="table-scroll">
        <table className="data-table compact mapping-table">
          <caption className="visually-hidden">Source column and default of each field</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Source column</th>
              <th scope="col">Default when empty</th>
              <th scope="col">Sample</th>
            </tr>
          </thead>
          <tbody>
            {spec.fields.map((f) => {
              const column = draft.columns[f.name] ?? '';
              const sample = column ? distinctValues(header, rows, column, 3) : [];
              return (
                <tr key={f.name} data-field={f.name}>
                  <th scope="row">
                    <code>{f.name}</code>
                    <span className="cell-sub">
                      {f.kind}
                      {f.required ? ' · required' : ''}
                      {f.note ? ` · ${f.note}` : ''}
                    </span>
                  </th>
                  <td>
                    <label className="visually-hidden" htmlFor={`${id}-col-${f.name}`}>
                      Source column of {f.name}
                    </label>
                    <select
                      id={`${id}-col-${f.name}`}
                      value={column}
                      onChange={(e) => setColumn(f.name, e.target.value)}
                    >
                      <option value="">
                        {header.includes(f.name) ? `— same name (${f.name}) —` : '— none —'}
                      </option>
                      {header.map((h) => (
                        <option key={h} value={h}>
                          {h}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <DefaultInput
                      id={`${id}-def-${f.name}`}
                      field={f}
                      value={draft.defaults[f.name] ?? ''}
                      onChange={(v) => setDefault(f.name, v)}
                    />
                  </td>
                  <td className="mapping-sample">
                    {sample.length > 0 ? (
                      sample.join(' · ')
                    ) : (
                      <span className="muted">{column ? 'all empty' : ''}</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      {hasDates && (
        <div className="field mapping-date">
          <label htmlFor={`${id}-date`}>Date format of the file</label>
          <input
            id={`${id}-date`}
            type="text"
            list={`${id}-date-formats`}
            value={draft.date_format}
            placeholder="ISO (YYYY-MM-DD) is always read"
            onChange={(e) => onChange({ ...draft, date_format: e.target.value })}
            aria-invalid={formatInvalid}
            aria-describedby={`${id}-date-help`}
          />
          <datalist id={`${id}-date-formats`}>
            {DATE_FORMATS.map((f) => (
              <option key={f} value={f} />
            ))}
          </datalist>
          <span id={`${id}-date-help`} className={formatInvalid ? 'field-error' : 'muted small'}>
            {formatInvalid
              ? 'A layout needs a year (YYYY or YY), a month (MM) and a day (DD), e.g. MM/DD/YYYY.'
              : detected.format === null
                ? 'None of the usual layouts reads every date of the file: check the date columns.'
                : detected.format === ''
                  ? 'The dates of the file are ISO: no format needed.'
                  : `The file’s dates read as ${detected.format}${detected.ambiguous ? ' (they would also read day-first: check)' : ''}. Separate alternatives with |; a trailing time is ignored.`}
          </span>
        </div>
      )}

      {enumFields.length > 0 && (
        <div className="value-maps">
          <h4>Values</h4>
          <p className="muted small">
            Stored values are exact (<code>won</code>, not <code>Won</code>): map each value of the
            file’s first rows to the one to store. Values not listed are stored as they are.
          </p>
          {enumFields.map((f) => (
            <ValueMap
              key={f.name}
              id={`${id}-val-${f.name}`}
              field={f}
              raws={distinctValues(header, rows, draft.columns[f.name])}
              table={draft.values[f.name] ?? {}}
              onChange={(raw, value) => setValue(f.name, raw, value)}
            />
          ))}
        </div>
      )}
    </div>
  );
}

function DefaultInput({
  id,
  field,
  value,
  onChange,
}: {
  id: string;
  field: FieldSpec;
  value: string;
  onChange: (value: string) => void;
}) {
  const label = (
    <label className="visually-hidden" htmlFor={id}>
      Default of {field.name}
    </label>
  );
  if (field.kind === 'enum') {
    return (
      <>
        {label}
        <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{field.default ? `— (${field.default}) —` : '—'}</option>
          {field.values?.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      </>
    );
  }
  return (
    <>
      {label}
      <input
        id={id}
        type="text"
        value={value}
        size={12}
        placeholder={field.kind === 'money' ? 'e.g. 0' : field.kind === 'date' ? 'YYYY-MM-DD' : ''}
        onChange={(e) => onChange(e.target.value)}
      />
    </>
  );
}

function ValueMap({
  id,
  field,
  raws,
  table,
  onChange,
}: {
  id: string;
  field: FieldSpec;
  raws: string[];
  table: Record<string, string>;
  onChange: (raw: string, value: string) => void;
}) {
  // Values mapped earlier (a saved mapping) stay editable even when this file lacks them.
  const all = [...new Set([...raws, ...Object.keys(table)])];
  return (
    <fieldset className="value-map" data-field={field.name}>
      <legend>
        <code>{field.name}</code> <span className="muted small">({field.values?.join(', ')})</span>
      </legend>
      {all.length === 0 && <p className="muted small">No values in the file’s first rows.</p>}
      <ul>
        {all.map((raw, i) => {
          const valid = field.values?.includes(raw) && table[raw] === undefined;
          return (
            <li key={raw}>
              <label htmlFor={`${id}-${i}`}>
                <span className="raw-value">{raw}</span> →
              </label>
              <select
                id={`${id}-${i}`}
                value={table[raw] ?? ''}
                onChange={(e) => onChange(raw, e.target.value)}
              >
                <option value="">{valid ? `${raw} (as is)` : '— as is (refused) —'}</option>
                {field.values?.map((v) => (
                  <option key={v} value={v}>
                    {v}
                  </option>
                ))}
              </select>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
