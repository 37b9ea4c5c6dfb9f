/**
 * A page's data, loaded once and again whenever the live feed says what it shows changed. One
 * load at a time: changes that come in meanwhile make one more load after it, never a pile of
 * them (an alert storm ends in a fresh page, not a frozen one). New deps (a filter) clear the
 * old data, so it never shows under the new filter.
 */
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { ProblemError } from '../api.ts';
import { AppContext } from '../context.ts';
import type { Topic } from './live-feed.ts';

export interface Live<T> {
  readonly data: T | undefined;
  readonly error: string | undefined;
  readonly loading: boolean;
  reload(): void;
}

export function useLive<T>(load: () => Promise<T>, topics: readonly Topic[], deps: readonly unknown[]): Live<T> {
  const { live } = useContext(AppContext);
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const state = useRef({ generation: 0, running: false, again: false, load });
  state.current.load = load;
  const reloadRef = useRef<() => void>(() => {});

  useEffect(() => {
    const current = state.current;
    const generation = ++current.generation;
    current.running = false;
    current.again = false;
    setData(undefined);
    setError(undefined);
    setLoading(true);
    const run = () => {
      if (current.generation !== generation) return;
      if (current.running) {
        current.again = true;
        return;
      }
      current.running = true;
      current
        .load()
        .then((value) => {
          if (current.generation !== generation) return;
          setData(value);
          setError(undefined);
        })
        .catch((failure: unknown) => {
          if (current.generation !== generation) return;
          setError(failure instanceof ProblemError || failure instanceof Error ? failure.message : String(failure));
        })
        .finally(() => {
          if (current.generation !== generation) return;
          setLoading(false);
          current.running = false;
          if (current.again) {
            current.again = false;
            run();
          }
        });
    };
    reloadRef.current = run;
    run();
    const unsubscribe = live.subscribe(topics, run);
    return () => {
      current.generation += 1;
      unsubscribe();
    };
    // The caller names what the loader depends on (deps); topics are fixed per page.
  }, deps);

  return { data, error, loading, reload: () => reloadRef.current() };
}
