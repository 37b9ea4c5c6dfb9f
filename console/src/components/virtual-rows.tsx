/**
 * A long list rendered virtually against the window's scroll (@tanstack/virtual-core, which has
 * no Preact adapter, so this is the small hook it would be): only the rows in view and a few
 * around them are in the DOM, each measured as it renders, so a thousand incidents scroll smoothly
 * on a phone. Positions are set through the CSSOM (element.style), which the CSP allows.
 */

import { measureElement, observeWindowOffset, observeWindowRect, Virtualizer, windowScroll } from '@tanstack/virtual-core';
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useReducer, useRef, useState } from 'preact/hooks';

export function VirtualRows<T>(props: {
  items: readonly T[];
  keyOf: (item: T) => string;
  estimate: number;
  label: string;
  children: (item: T) => ComponentChildren;
}) {
  const listRef = useRef<HTMLUListElement>(null);
  const [, rerender] = useReducer((count: number) => count + 1, 0);
  const options = {
    count: props.items.length,
    getScrollElement: () => window,
    estimateSize: () => props.estimate,
    scrollToFn: windowScroll,
    observeElementRect: observeWindowRect,
    observeElementOffset: observeWindowOffset,
    measureElement,
    overscan: 6,
    gap: 8,
    getItemKey: (index: number) => {
      const item = props.items[index];
      return item === undefined ? index : props.keyOf(item);
    },
    scrollMargin: listRef.current?.offsetTop ?? 0,
    onChange: () => rerender(undefined),
  };
  const [virtualizer] = useState(() => new Virtualizer<Window, HTMLLIElement>(options));
  virtualizer.setOptions({ ...virtualizer.options, ...options });
  useLayoutEffect(() => virtualizer._didMount(), [virtualizer]);
  useLayoutEffect(() => virtualizer._willUpdate());
  const rows = virtualizer.getVirtualItems();
  return (
    <ul ref={listRef} class="rows virtual" aria-label={props.label} style={{ height: `${virtualizer.getTotalSize()}px` }}>
      {rows.map((row) => {
        const item = props.items[row.index];
        if (item === undefined) return null;
        return (
          <li
            key={row.key}
            data-index={row.index}
            ref={virtualizer.measureElement}
            class="virtual-row"
            aria-setsize={props.items.length}
            aria-posinset={row.index + 1}
            style={{ transform: `translateY(${row.start - virtualizer.options.scrollMargin}px)` }}
          >
            {props.children(item)}
          </li>
        );
      })}
    </ul>
  );
}
