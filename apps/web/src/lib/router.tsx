// A router of four pages does not need a library: the History API, one external store, and
// links that stay real links (open in a new tab, copy, keyboard) but navigate in place.
import {
  useCallback,
  useMemo,
  useSyncExternalStore,
  type AnchorHTMLAttributes,
  type MouseEvent,
} from 'react';
import { parseViewState, patchSearch, type ViewState } from './url-state';

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

const snapshot = () => window.location.pathname + window.location.search;

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const before = window.location.pathname;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  if (window.location.pathname !== before) window.scrollTo(0, 0);
  for (const l of listeners) l();
}

export interface Location {
  pathname: string;
  search: string;
}

export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, snapshot, () => '/');
  return useMemo(() => {
    const i = href.indexOf('?');
    return i < 0
      ? { pathname: href, search: '' }
      : { pathname: href.slice(0, i), search: href.slice(i) };
  }, [href]);
}

/** The view state of the URL and a setter that patches it (pushes a history entry unless `replace`). */
export function useViewState(): [
  ViewState,
  (patch: Partial<ViewState>, options?: { replace?: boolean }) => void,
] {
  const { pathname, search } = useLocation();
  const state = useMemo(() => parseViewState(search), [search]);
  const update = useCallback(
    (patch: Partial<ViewState>, options?: { replace?: boolean }) => {
      navigate(pathname + patchSearch(window.location.search, patch), options);
    },
    [pathname],
  );
  return [state, update];
}

/** The href of the current page with a patched view state (for links that open a drill-down). */
export function useHrefWith(): (patch: Partial<ViewState>) => string {
  const { pathname, search } = useLocation();
  return useCallback((patch) => pathname + patchSearch(search, patch), [pathname, search]);
}

export type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string; replace?: boolean };

export function Link({ to, replace, onClick, ...rest }: LinkProps) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey)
      return;
    e.preventDefault();
    navigate(to, { replace });
  };
  return <a href={to} onClick={handle} {...rest} />;
}
