// The console's pages by path, on the History API: real URLs that can be bookmarked and shared,
// which the node answers with index.html (its SPA fallback). A few pages need no router library;
// what each path names is routes.ts.
import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react';
import { parseRoute, type Route } from './routes.js';

export { parseRoute, paths, type Route } from './routes.js';

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
