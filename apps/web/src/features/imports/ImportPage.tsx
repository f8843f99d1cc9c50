// Importing a CSV export: pick the entity, drop the file, pick or build a column mapping (saved
// by name, since the API applies mappings by name), preview the first rows, dry run, import
// with upload progress, and the history of every import below.
import { useQuery } from '@tanstack/react-query';
import { useId, useRef, useState, type DragEvent, type ReactNode } from 'react';
import { useApp } from '../../app/app-context';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, errorText } from '../../components/States';
import { readCsvSample, type CsvSample } from './csv';
import { ENTITIES, ENTITY_SPECS, type Entity } from './entities';
import { ImportHistory } from './ImportHistory';
import { ImportPreview } from './ImportPreview';
import { ImportResult } from './ImportResult';
import {
  EMPTY_DRAFT,
  MAPPING_NAME_RE,
  draftToMapping,
  headerFitsContract,
  mappingFits,
  mappingToDraft,
  suggestDraft,
  type MappingDraft,
} from './mapping';
import { MappingEditor } from './MappingEditor';
import {
  lastMapping,
  mappingsOptions,
  rememberMapping,
  useImport,
  useSaveMapping,
} from './queries';
import type { ImportMode, MappingSummary, OnError } from './types';
import type { ImportOutcome, ImportRequest, UploadProgress } from './upload';

/** The mapping select's value for "build a new mapping"; '' is "no mapping". */
const NEW = '\u0000new';

type Loaded = { file: File; sample: CsvSample } | { file: File; error: string };

/** A mapping name from the entity and the file name ("deals-sales_pipeline"). */
export function suggestMappingName(entity: Entity, fileName: string): string {
  const base = fileName
    .replace(/\.[^.]*$/, '')
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[-_.]+|[-_.]+$/g, '');
  return `${entity}-${base || 'mapping'}`.slice(0, 64);
}

function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function ImportPage() {
  const { fmt } = useApp();
  const ids = useId();
  const mappings = useQuery(mappingsOptions());
  const save = useSaveMapping();
  const importer = useImport();

  const [entity, setEntity] = useState<Entity>('partners');
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [choice, setChoice] = useState('');
  const [draft, setDraft] = useState<MappingDraft>(EMPTY_DRAFT);
  const [name, setName] = useState('');
  const [dirty, setDirty] = useState(false);
  const [mode, setMode] = useState<ImportMode>('upsert');
  const [onError, setOnError] = useState<OnError>('reject');
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [last, setLast] = useState<{ request: ImportRequest; outcome: ImportOutcome } | null>(null);
  const [runError, setRunError] = useState<unknown>(null);
  const [dragging, setDragging] = useState(false);
  const abort = useRef<AbortController | null>(null);

  const sample = loaded && 'sample' in loaded ? loaded.sample : null;
  const all = mappings.data ?? [];
  const presets = all.filter((m) => m.kind === 'preset' && m.entities?.includes(entity));
  const saved = all.filter((m) => m.kind === 'saved' && mappingFits(entity, m.mapping));
  const chosen: MappingSummary | undefined = all.find((m) => m.name === choice);
  const busy = save.isPending || importer.isPending;

  const resetResult = () => {
    setLast(null);
    setRunError(null);
  };

  /** What the mapping select starts at for a file: no mapping when its header is the contract's,
   * else the mapping last used for the entity, else a new mapping suggested from the header. */
  const autoChoose = (e: Entity, s: CsvSample | null, file: File | null) => {
    const remembered = lastMapping(e);
    const fitsContract = s !== null && s.header.length > 0 && headerFitsContract(e, s.header);
    const known = all.find(
      (m) =>
        m.name === remembered &&
        (m.kind === 'preset' ? m.entities?.includes(e) : mappingFits(e, m.mapping)),
    );
    if (fitsContract || s === null) {
      pick(e, '', s, file);
    } else if (known) {
      pick(e, known.name, s, file);
    } else {
      pick(e, NEW, s, file);
    }
  };

  const pick = (e: Entity, value: string, s: CsvSample | null, file: File | null) => {
    setChoice(value);
    const m = all.find((x) => x.name === value);
    if (value === NEW) {
      setDraft(s ? suggestDraft(e, s.header, s.rows) : EMPTY_DRAFT);
      setName(suggestMappingName(e, file?.name ?? 'mapping'));
      setDirty(true);
    } else if (m?.kind === 'saved' && m.mapping) {
      setDraft(mappingToDraft(m.mapping));
      setName(m.name);
      setDirty(false);
    } else {
      setDirty(false);
    }
  };

  const chooseEntity = (e: Entity) => {
    setEntity(e);
    resetResult();
    autoChoose(e, sample, loaded?.file ?? null);
  };

  const chooseFile = (file: File | undefined) => {
    if (!file) return;
    resetResult();
    setLoaded(null);
    readCsvSample(file).then(
      (s) => {
        setLoaded({ file, sample: s });
        autoChoose(entity, s, file);
      },
      (err: unknown) => setLoaded({ file, error: errorText(err) }),
    );
  };

  const editDraft = (d: MappingDraft) => {
    setDraft(d);
    setDirty(true);
  };

  const editing = choice === NEW || chosen?.kind === 'saved';
  const nameProblem = !editing
    ? null
    : name.trim() === ''
      ? 'Name the mapping: the API applies mappings by name.'
      : !MAPPING_NAME_RE.test(name.trim())
        ? 'A name is 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit.'
        : all.some((m) => m.kind === 'preset' && m.name === name.trim())
          ? `“${name.trim()}” is a built-in preset: choose another name.`
          : null;
  const needsSave = editing && (dirty || (chosen?.kind === 'saved' && name.trim() !== chosen.name));

  /** Saves the mapping being edited (when it changed) and answers the name to import with. */
  const saveIfNeeded = async (): Promise<string | null> => {
    if (!editing) return choice === '' ? null : choice;
    const trimmed = name.trim();
    if (needsSave) {
      await save.mutateAsync({ name: trimmed, mapping: draftToMapping(entity, draft) });
      setChoice(trimmed);
      setDirty(false);
    }
    return trimmed;
  };

  const run = async (dryRun: boolean) => {
    if (!loaded || !('sample' in loaded)) return;
    resetResult();
    try {
      const mapping = await saveIfNeeded();
      const request: ImportRequest = { entity, mode, onError, dryRun, mapping };
      const controller = new AbortController();
      abort.current = controller;
      const outcome = await importer.mutateAsync({
        file: loaded.file,
        request,
        onProgress: setProgress,
        signal: controller.signal,
      });
      setLast({ request, outcome });
      rememberMapping(entity, mapping ?? '');
    } catch (err) {
      setRunError(err);
    } finally {
      setProgress(null);
      abort.current = null;
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    chooseFile(e.dataTransfer.files[0]);
  };

  const order = ENTITIES.map((e) => ENTITY_SPECS[e].label.toLowerCase()).join(' → ');
  const spec = ENTITY_SPECS[entity];

  return (
    <div className="page import-page">
      <PageHeader
        title="Import data"
        subtitle="Load CSV exports from your CRM, partner portal or finance sheets. Nothing is written until you import, and a dry run checks every row first."
      />

      <Step n={1} title="What the file holds" id={`${ids}-entity`}>
        <p className="muted small">
          Import in this order the first time: {order}. Rows may only point at ids imported before
          (a deal at its account, a touch at its deal and partner).
        </p>
        <fieldset className="entity-picker">
          <legend className="visually-hidden">Entity</legend>
          {ENTITIES.map((e, i) => (
            <label key={e} className={e === entity ? 'entity-option selected' : 'entity-option'}>
              <input
                type="radio"
                name={`${ids}-entity`}
                value={e}
                checked={e === entity}
                onChange={() => chooseEntity(e)}
              />
              <span className="entity-order" aria-hidden="true">
                {i + 1}
              </span>
              <span>
                <strong>{ENTITY_SPECS[e].label}</strong>
                <span className="cell-sub">{ENTITY_SPECS[e].description}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {spec.references.length > 0 && (
          <p className="muted small">
            {spec.label} point at {spec.references.join(' and ')}: import those first.
          </p>
        )}
      </Step>

      <Step n={2} title="The CSV file" id={`${ids}-file`}>
        <div
          className={dragging ? 'drop-zone dragging' : 'drop-zone'}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          data-testid="drop-zone"
        >
          <label htmlFor={`${ids}-file-input`}>Choose a CSV file, or drop it here</label>
          <input
            id={`${ids}-file-input`}
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => {
              chooseFile(e.target.files?.[0]);
              e.target.value = '';
            }}
          />
          <span className="muted small">
            UTF-8, first line the header, comma separated. Large files are fine: only the first rows
            are read here, the whole file is streamed to the server.
          </span>
        </div>
        {loaded && 'error' in loaded && (
          <ErrorState error={loaded.error} title={`Could not read ${loaded.file.name}`} />
        )}
        {loaded && 'sample' in loaded && (
          <p className="file-info" data-testid="file-info">
            <strong>{loaded.file.name}</strong> · {fileSize(loaded.file.size)} ·{' '}
            {loaded.sample.header.length} columns ·{' '}
            {loaded.sample.truncated
              ? `first ${fmt.count(loaded.sample.rows.length)} rows read for the preview`
              : `${fmt.count(loaded.sample.rows.length)} data rows`}
          </p>
        )}
        {sample?.problem && (
          <p className="notice" role="status">
            This file looks malformed ({sample.problem}); the API will most likely refuse it.
          </p>
        )}
      </Step>

      <Step n={3} title="Column mapping" id={`${ids}-mapping`}>
        <div className="mapping-choice">
          <div className="field">
            <label htmlFor={`${ids}-mapping-select`}>Mapping</label>
            <select
              id={`${ids}-mapping-select`}
              value={choice}
              onChange={(e) => {
                resetResult();
                pick(entity, e.target.value, sample, loaded?.file ?? null);
              }}
              disabled={busy}
            >
              <option value="">None: the columns are the contract’s field names</option>
              {presets.length > 0 && (
                <optgroup label="CRM presets">
                  {presets.map((m) => (
                    <option key={m.name} value={m.name}>
                      {m.name}
                    </option>
                  ))}
                </optgroup>
              )}
              {saved.length > 0 && (
                <optgroup label="Saved mappings">
                  {saved.map((m) => (
                    <option key={m.name} value={m.name}>
                      {m.name}
                    </option>
                  ))}
                </optgroup>
              )}
              <option value={NEW}>Build a new mapping…</option>
            </select>
          </div>
          {mappings.isError && (
            <ErrorState
              error={mappings.error}
              title="Could not load the saved mappings"
              onRetry={() => void mappings.refetch()}
            />
          )}
          {chosen?.kind === 'preset' && <p className="muted small">{chosen.description}</p>}
          {editing && (
            <div className="field">
              <label htmlFor={`${ids}-mapping-name`}>Save as</label>
              <input
                id={`${ids}-mapping-name`}
                type="text"
                value={name}
                onChange={(e) => {
                  setName(e.target.value);
                  setDirty(true);
                }}
                aria-invalid={nameProblem !== null}
                aria-describedby={`${ids}-mapping-name-help`}
              />
              <span
                id={`${ids}-mapping-name-help`}
                className={nameProblem ? 'field-error' : 'muted small'}
              >
                {nameProblem ??
                  (needsSave
                    ? 'Saved under this name when you dry run or import (or now).'
                    : 'Saved. Use it with ?mapping= in scripts too.')}
              </span>
            </div>
          )}
          {editing && (
            <div className="form-actions">
              <button
                type="button"
                className="button-secondary"
                disabled={!needsSave || nameProblem !== null || busy}
                onClick={() => {
                  setRunError(null);
                  saveIfNeeded().catch(setRunError);
                }}
              >
                {save.isPending ? 'Saving…' : 'Save mapping'}
              </button>
            </div>
          )}
        </div>
        {editing &&
          (sample ? (
            <MappingEditor
              entity={entity}
              header={sample.header}
              rows={sample.rows}
              draft={draft}
              onChange={editDraft}
            />
          ) : (
            <p className="muted">Choose a file to map its columns.</p>
          ))}
      </Step>

      <Step n={4} title="Preview" id={`${ids}-preview`}>
        {!sample ? (
          <p className="muted">Choose a file to see its first rows as they would be stored.</p>
        ) : chosen?.kind === 'preset' ? (
          <p className="muted">
            The {chosen.name} preset runs rules on the server (stage from IsClosed/IsWon, close date
            placement, catch-all partner…), so the browser cannot preview it. Run a dry run: it
            applies the preset to every row and reports what would be stored and refused.
          </p>
        ) : (
          <>
            <p className="muted small">
              The first 10 rows as they would be stored, computed here in your browser from{' '}
              {editing ? 'the mapping above' : 'the file’s own column names'}. It is a preview only:
              the server applies the {editing ? 'saved mapping' : 'contract'} itself and is the
              authority; a dry run checks every row.
            </p>
            <ImportPreview
              entity={entity}
              header={sample.header}
              rows={sample.rows}
              draft={editing ? draft : null}
            />
          </>
        )}
      </Step>

      <Step n={5} title="Check and import" id={`${ids}-run`}>
        <div className="run-options">
          <fieldset>
            <legend>Mode</legend>
            <label className="check">
              <input
                type="radio"
                name={`${ids}-mode`}
                checked={mode === 'upsert'}
                onChange={() => setMode('upsert')}
              />
              Upsert: add new rows, update changed ones, keep the rest
            </label>
            <label className="check">
              <input
                type="radio"
                name={`${ids}-mode`}
                checked={mode === 'replace'}
                onChange={() => setMode('replace')}
              />
              Replace: afterwards {spec.label.toLowerCase()} hold exactly this file’s rows
            </label>
          </fieldset>
          <fieldset>
            <legend>Invalid rows</legend>
            <label className="check">
              <input
                type="radio"
                name={`${ids}-on-error`}
                checked={onError === 'reject'}
                onChange={() => setOnError('reject')}
              />
              All or nothing: any invalid row refuses the whole file
            </label>
            <label className="check">
              <input
                type="radio"
                name={`${ids}-on-error`}
                checked={onError === 'skip'}
                onChange={() => setOnError('skip')}
              />
              Skip invalid rows: import the valid ones, list the others
            </label>
          </fieldset>
        </div>
        {mode === 'replace' && (
          <p className="notice">
            Replace deletes the stored {spec.label.toLowerCase()} that are not in this file (it is
            refused if other rows still point at them). A dry run shows how many would go.
          </p>
        )}
        <div className="form-actions">
          <button
            type="button"
            className="button-secondary"
            disabled={!sample || busy || nameProblem !== null}
            onClick={() => void run(true)}
          >
            Dry run
          </button>
          <button
            type="button"
            disabled={!sample || busy || nameProblem !== null}
            onClick={() => void run(false)}
          >
            Import {spec.label.toLowerCase()}
          </button>
          {!sample && <span className="muted small">Choose a file first.</span>}
        </div>
        {progress && <Progress progress={progress} onCancel={() => abort.current?.abort()} />}
        {save.isPending && (
          <p role="status" className="muted">
            Saving the mapping…
          </p>
        )}
        {runError !== null && !(runError instanceof DOMException) && (
          <ErrorState error={runError} title="The import did not run" />
        )}
        {runError instanceof DOMException && (
          <p role="status" className="muted">
            Cancelled before the upload finished: nothing was written.
          </p>
        )}
        {last && (
          <>
            <p className="muted small result-context">
              {last.request.dryRun ? 'Dry run' : 'Import'} of {loaded?.file.name} as{' '}
              {last.request.entity}, {last.request.mode},{' '}
              {last.request.onError === 'skip' ? 'skipping invalid rows' : 'all or nothing'},
              mapping {last.request.mapping ?? 'none'}
            </p>
            <ImportResult outcome={last.outcome} dryRun={last.request.dryRun} />
          </>
        )}
      </Step>

      <ImportHistory />
    </div>
  );
}

function Step({
  n,
  title,
  id,
  children,
}: {
  n: number;
  title: string;
  id: string;
  children: ReactNode;
}) {
  return (
    <section className="card import-step" aria-labelledby={id}>
      <h2 id={id} className="card-title">
        <span className="step-number" aria-hidden="true">
          {n}
        </span>
        {title}
      </h2>
      {children}
    </section>
  );
}

function Progress({ progress, onCancel }: { progress: UploadProgress; onCancel: () => void }) {
  const pct = progress.total > 0 ? Math.round((progress.loaded / progress.total) * 100) : 0;
  return (
    <div className="upload-progress" data-testid="upload-progress">
      <label>
        {progress.sent
          ? 'Uploaded. The server is checking and writing the rows…'
          : `Uploading ${pct}% (${fileSize(progress.loaded)} of ${fileSize(progress.total)})`}
        <progress max={progress.total || 1} value={progress.sent ? undefined : progress.loaded} />
      </label>
      {!progress.sent && (
        <button type="button" className="button-secondary" onClick={onCancel}>
          Cancel upload
        </button>
      )}
    </div>
  );
}
