// The console's pages by path, on the History API: real URLs that can be bookmarked and shared,
// which the node answers with index.html (its SPA fallback). Four pages need no router library.
import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react';

export type Route =
  | { readonly page: 'explorer' }
  | { readonly page: 'block'; readonly height: number }
  | { readonly page: 'tx'; readonly id: string }
  | { readonly page: 'verify' }
  | { readonly page: 'sign-in' }
  | { readonly page: 'not-found'; readonly path: string };

const TX_ID = /^[0-9a-f]{64}$/;

export function parseRoute(path: string): Route {
  const parts = path.split('/').filter((p) => p !== '');
  if (parts.length === 0) return { page: 'explorer' };
  const [first, second] = parts;
  if (parts.length === 1 && first === 'verify') return { page: 'verify' };
  if (parts.length === 1 && first === 'sign-in') return { page: 'sign-in' };
  if (parts.length === 2 && first === 'blocks' && /^\d{1,15}$/.test(second!)) return { page: 'block', height: Number(second) };
  if (parts.length === 2 && first === 'txs' && TX_ID.test(second!.toLowerCase())) return { page: 'tx', id: second!.toLowerCase() };
  return { page: 'not-found', path };
}

export const paths = {
  explorer: '/',
  block: (height: number) => `/blocks/${height}`,
  tx: (id: string) => `/txs/${id}`,
  verify: '/verify',
  signIn: '/sign-in',
};

const NAVIGATE = 'creditchain:navigate';

export function navigate(href: string): void {
  window.history.pushState(null, '', href);
  window.dispatchEvent(new Event(NAVIGATE));
  window.scrollTo(0, 0);
}

export function useRoute(): Route {
  const [path, setPath] = useState(() => window.location.pathname);
  useEffect(() => {
    const update = () => setPath(window.location.pathname);
    window.addEventListener('popstate', update);
    window.addEventListener(NAVIGATE, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(NAVIGATE, update);
    };
  }, []);
  return parseRoute(path);
}

/** A link to a console page: a real <a href> (new tab, copy link work) that navigates in place. */
export function Link({ to, onClick, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const click = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={click} {...rest} />;
}
