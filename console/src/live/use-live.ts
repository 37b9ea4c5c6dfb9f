/** A page's data, loaded once and again whenever the live feed says what it shows changed. */
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
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
  const generation = useRef(0);
  // The caller names what the loader depends on (deps).
  const reload = useCallback(() => {
    const mine = ++generation.current;
    load()
      .then((value) => {
        if (mine !== generation.current) return;
        setData(value);
        setError(undefined);
      })
      .catch((failure: unknown) => {
        if (mine !== generation.current) return;
        setError(failure instanceof ProblemError || failure instanceof Error ? failure.message : String(failure));
      })
      .finally(() => mine === generation.current && setLoading(false));
  }, deps);
  useEffect(() => {
    setLoading(true);
    reload();
    return live.subscribe(topics, reload);
  }, [reload]);
  return { data, error, loading, reload };
}
