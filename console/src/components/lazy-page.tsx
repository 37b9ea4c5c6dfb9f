/**
 * A page whose code loads when it is first shown (its own chunk), so the charts' library never
 * weighs on the incidents page. Hand-written: preact-iso's lazy() hooks Preact internals by
 * their mangled names, which this Preact version does not promise to keep.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ErrorNote, Loading } from './states.tsx';

export function lazyPage<P extends object>(what: string, load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  return function LazyPage(props: P) {
    const [page, setPage] = useState(() => loaded);
    const [failure, setFailure] = useState<string | undefined>(undefined);
    useEffect(() => {
      if (page !== undefined) return;
      load()
        .then((component) => {
          loaded = component;
          setPage(() => component);
        })
        .catch((error: unknown) =>
          setFailure(`The ${what} could not be loaded: ${(error as Error).message}. Reload the page to try again.`),
        );
    }, [page]);
    if (failure !== undefined) return <ErrorNote message={failure} />;
    if (page === undefined) return <Loading what={what} />;
    const Page = page;
    return <Page {...props} />;
  };
}
