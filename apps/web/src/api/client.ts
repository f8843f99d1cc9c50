// The one place the SPA talks HTTP: JSON in, JSON out, and the API's error bodies
// ({statusCode, message: string | string[]}) turned into an ApiError that keeps every message.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly messages: readonly string[],
  ) {
    super(messages.join('; ') || `HTTP ${status}`);
    this.name = 'ApiError';
  }
}

/** The messages of an error body: Nest answers `message` as a string or a list of strings. */
export function errorMessages(body: unknown, status: number): string[] {
  if (typeof body === 'object' && body !== null && 'message' in body) {
    const m = body.message;
    if (typeof m === 'string') return [m];
    if (Array.isArray(m)) return m.filter((x): x is string => typeof x === 'string');
  }
  return [status >= 500 ? `The server failed (HTTP ${status})` : `HTTP ${status}`];
}

export type QueryValue = string | number | boolean | readonly string[] | null | undefined;

/** Query string of `params`: arrays repeat the key (`?segment=SMB&segment=Enterprise`), empty values are left out. */
export function toQueryString(params: Readonly<Record<string, QueryValue>>): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      for (const v of value as readonly string[]) q.append(key, v);
    } else {
      q.append(key, String(value));
    }
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * Headers every state-changing request must carry (the session's CSRF token once
 * authentication exists). Code that talks HTTP without `request` (an upload through
 * XMLHttpRequest for its progress events) must add these too.
 */
export function csrfHeaders(): Record<string, string> {
  const token = readCookie(typeof document === 'undefined' ? '' : document.cookie, 'pk_csrf');
  return token ? { 'X-CSRF-Token': token } : {};
}

/** The value of cookie `name` in a `document.cookie` string, or null. */
export function readCookie(cookies: string, name: string): string | null {
  for (const part of cookies.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name)
      return decodeURIComponent(part.slice(i + 1).trim());
  }
  return null;
}

export interface RequestOptions {
  params?: Readonly<Record<string, QueryValue>>;
  /** A JSON value, or a string / Blob sent as is with `contentType`. */
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
}

/** Parses an answer's text: JSON when it is JSON, else undefined. */
export function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** One HTTP call; a non-2xx answer throws an ApiError with the API's messages. */
export async function sendRequest<T>(
  method: string,
  path: string,
  { params = {}, body, contentType, signal }: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET' && method !== 'HEAD') Object.assign(headers, csrfHeaders());
  let payload: BodyInit | undefined;
  if (body !== undefined) {
    if (typeof body === 'string' || body instanceof Blob) {
      payload = body;
      headers['Content-Type'] = contentType ?? 'text/plain';
    } else {
      payload = JSON.stringify(body);
      headers['Content-Type'] = 'application/json';
    }
  }
  let res: Response;
  try {
    res = await fetch(path + toQueryString(params), { method, signal, headers, body: payload });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, ['The API is not reachable. Is the server running?']);
  }
  const parsed = parseBody(await res.text());
  if (!res.ok) throw new ApiError(res.status, errorMessages(parsed, res.status));
  return parsed as T;
}

function request<T>(
  method: string,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  return sendRequest<T>(method, path, { body, signal });
}

export function getJson<T>(
  path: string,
  params: Readonly<Record<string, QueryValue>> = {},
  signal?: AbortSignal,
): Promise<T> {
  return request<T>('GET', path + toQueryString(params), undefined, signal);
}

export function putJson<T>(path: string, body: unknown): Promise<T> {
  return request<T>('PUT', path, body);
}

export function postJson<T>(
  path: string,
  params: Readonly<Record<string, QueryValue>> = {},
): Promise<T> {
  return request<T>('POST', path + toQueryString(params));
}
