/** What a page shows while loading, on an error, and when there is nothing. */
import type { ComponentChildren } from 'preact';

export function Loading({ what }: { what: string }) {
  return (
    <p class="muted" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function ErrorNote({ message }: { message: string }) {
  return (
    <p class="error" role="alert">
      {message}
    </p>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

/** The usual three states of a live load, then the content. */
export function Loaded<T>(props: {
  live: { data: T | undefined; error?: string; loading: boolean };
  what: string;
  children: (data: T) => ComponentChildren;
}) {
  const { data, error, loading } = props.live;
  if (data === undefined) return error !== undefined ? <ErrorNote message={error} /> : loading ? <Loading what={props.what} /> : null;
  return (
    <>
      {error === undefined ? null : <ErrorNote message={`Could not refresh: ${error}`} />}
      {props.children(data)}
    </>
  );
}
