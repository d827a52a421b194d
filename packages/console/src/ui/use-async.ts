// One request's life in a component: loading, its value, or its failure; a newer request (the
// dependencies changed) makes the older one's answer ignored. While a newer request runs the
// last value stays on screen, so a panel refreshed after each block does not flicker.
import { useEffect, useState, type DependencyList } from 'react';
import { failureOf, type Failure } from './errors.js';

export type Async<T> = { readonly state: 'loading' } | { readonly state: 'done'; readonly value: T } | { readonly state: 'failed'; readonly failure: Failure };

export function useAsync<T>(load: () => Promise<T>, deps: DependencyList): Async<T> {
  const [result, setResult] = useState<Async<T>>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    setResult((prev) => (prev.state === 'done' ? prev : { state: 'loading' }));
    load().then(
      (value) => current && setResult({ state: 'done', value }),
      (e: unknown) => current && setResult({ state: 'failed', failure: failureOf(e) }),
    );
    return () => {
      current = false;
    };
  }, deps); // the caller names what `load` depends on
  return result;
}
