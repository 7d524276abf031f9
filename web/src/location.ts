import { useSyncExternalStore } from 'react';

/**
 * Every view keeps its state in the address (path and query), so a link reproduces what it shows.
 * Views read it with `useAddress` and change it with `navigate`; the browser's back button works.
 */
export interface Address {
  readonly path: string;
  readonly params: URLSearchParams;
}

const listeners = new Set<() => void>();
let current = read();

function read(): { key: string; address: Address } {
  const key = `${location.pathname}${location.search}`;
  return { key, address: { path: location.pathname, params: new URLSearchParams(location.search) } };
}

function changed(): void {
  const next = read();
  if (next.key === current.key) return;
  current = next;
  for (const l of listeners) l();
}

window.addEventListener('popstate', changed);

export function useAddress(): Address {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current.address,
  );
}

/** Goes to `path?params`; `replace` keeps the history entry (for typing in a search box). */
export function navigate(path: string, params: URLSearchParams | Record<string, string | readonly string[] | undefined> = {}, replace = false): void {
  const url = `${path}${queryOf(params)}`;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  changed();
}

export function hrefOf(path: string, params: URLSearchParams | Record<string, string | readonly string[] | undefined> = {}): string {
  return `${path}${queryOf(params)}`;
}

function queryOf(params: URLSearchParams | Record<string, string | readonly string[] | undefined>): string {
  const search = params instanceof URLSearchParams ? new URLSearchParams(params) : new URLSearchParams();
  if (!(params instanceof URLSearchParams)) {
    for (const [key, value] of Object.entries(params)) {
      if (value === undefined || value === '') continue;
      if (typeof value === 'string') search.append(key, value);
      else for (const v of value) if (v !== '') search.append(key, v);
    }
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

/** A link inside the page: a plain `<a href>` (middle-click opens a tab) that navigates without reloading. */
export function followLink(event: React.MouseEvent<HTMLAnchorElement>): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  const url = new URL(event.currentTarget.href);
  navigate(url.pathname, url.searchParams);
}
