// The first rows of the file as they would be stored, computed in the browser from the mapping.
import type { Entity } from './entities';
import { previewRows, type MappingDraft } from './mapping';

export function ImportPreview({
  entity,
  header,
  rows,
  draft,
}: {
  entity: Entity;
  header: readonly string[];
  rows: readonly (readonly string[])[];
  draft: MappingDraft | null;
}) {
  const preview = previewRows(entity, header, rows, draft);
  const flagged = preview.rows.reduce((n, r) => n + r.cells.filter((c) => c.problem).length, 0);
  return (
    <div className="import-preview">
      {preview.missing.length > 0 && (
        <p className="notice" role="status">
          No column{preview.missing.length > 1 ? 's' : ''} for the required field
          {preview.missing.length > 1 ? 's' : ''} {preview.missing.join(', ')}: the API will refuse
          every row. Map a column or set a default.
        </p>
      )}
      {preview.unused.length > 0 && (
        <p className="muted small">
          Ignored columns (no field reads them; the API reports them as a warning):{' '}
          {preview.unused.join(', ')}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="muted">The file has a header but no data rows.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table compact preview-table" data-testid="preview-table">
            <caption className="visually-hidden">
              First {preview.rows.length} rows as they would be stored
            </caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  Row
                </th>
                {preview.fields.map((f) => (
                  <th key={f.name} scope="col">
                    {f.name}
                    {f.required ? <span aria-label=" (required)">*</span> : null}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((r) => (
                <tr key={r.row}>
                  <th scope="row" className="num">
                    {r.row}
                  </th>
                  {r.cells.map((c, i) => (
                    <td
                      key={preview.fields[i].name}
                      className={c.problem ? 'cell-problem' : undefined}
                      title={c.problem ?? undefined}
                    >
                      {c.value ?? <span className="muted">—</span>}
                      {c.problem && <span className="cell-sub problem-text">{c.problem}</span>}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {flagged > 0 && (
        <p className="muted small">
          {flagged} cell{flagged === 1 ? '' : 's'} of these rows would most likely be refused
          (marked). Run a dry run for the API’s own check of every row.
        </p>
      )}
    </div>
  );
}
