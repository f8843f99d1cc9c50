// POST /api/v1/import/{entity} with the file as the body, through XMLHttpRequest for its upload
// progress events (fetch has none). The file is sent as is (the browser streams it from disk);
// the answer is told apart here: 200 summary, 422 row/field errors, anything else an ApiError.
import { ApiError, csrfHeaders, errorMessages, parseBody, toQueryString } from '../../api/client';
import type { Entity } from './entities';
import type {
  ImportConflictBody,
  ImportInvalidBody,
  ImportMode,
  ImportSummary,
  OnError,
} from './types';

export interface ImportRequest {
  entity: Entity;
  mode: ImportMode;
  onError: OnError;
  dryRun: boolean;
  /** A preset or saved mapping name; null = the file already uses the contract's columns. */
  mapping: string | null;
}

export type ImportOutcome =
  { kind: 'done'; summary: ImportSummary } | { kind: 'invalid'; body: ImportInvalidBody };

export interface UploadProgress {
  loaded: number;
  total: number;
  /** True once the body is sent: the server is validating and writing. */
  sent: boolean;
}

export function importPath(r: ImportRequest): string {
  return `/api/v1/import/${encodeURIComponent(r.entity)}${toQueryString({
    mode: r.mode,
    on_error: r.onError,
    dry_run: r.dryRun ? 'true' : undefined,
    mapping: r.mapping,
  })}`;
}

/** Reads an import answer: a summary, the 422's errors, or an ApiError (409 with its conflicts). */
export function readImportAnswer(status: number, text: string): ImportOutcome {
  const body = parseBody(text);
  if (status >= 200 && status < 300 && body && typeof body === 'object') {
    return { kind: 'done', summary: body as ImportSummary };
  }
  if (status === 422 && body && typeof body === 'object' && 'errors' in body) {
    return { kind: 'invalid', body: body as ImportInvalidBody };
  }
  const messages = errorMessages(body, status);
  if (status === 409 && body && typeof body === 'object' && 'conflicts' in body) {
    for (const c of (body as ImportConflictBody).conflicts ?? []) {
      messages.push(`${c.count} ${c.entity} row(s) still point at rows this replace would delete`);
    }
  }
  if (status === 0) return fail(0, ['The API is not reachable. Is the server running?']);
  return fail(status, messages);
}

function fail(status: number, messages: string[]): never {
  throw new ApiError(status, messages);
}

/** Sends the file; resolves with the outcome, rejects with an ApiError (or AbortError). */
export function uploadImport(
  file: Blob,
  request: ImportRequest,
  onProgress: (p: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<ImportOutcome> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', importPath(request));
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', 'text/csv');
    for (const [k, v] of Object.entries(csrfHeaders())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) =>
      onProgress({
        loaded: e.loaded,
        total: e.lengthComputable ? e.total : file.size,
        sent: false,
      });
    xhr.upload.onload = () => onProgress({ loaded: file.size, total: file.size, sent: true });
    xhr.onload = () => {
      try {
        resolve(readImportAnswer(xhr.status, xhr.responseText));
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    };
    xhr.onerror = () =>
      reject(new ApiError(0, ['The API is not reachable. Is the server running?']));
    xhr.onabort = () => reject(new DOMException('The import was cancelled', 'AbortError'));
    if (signal) {
      if (signal.aborted) {
        reject(new DOMException('The import was cancelled', 'AbortError'));
        return;
      }
      signal.addEventListener('abort', () => xhr.abort(), { once: true });
    }
    onProgress({ loaded: 0, total: file.size, sent: false });
    xhr.send(file);
  });
}
