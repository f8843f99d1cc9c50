// Printing: charts are drawn for the screen's width, and the browser does not measure them
// again for the page. On `beforeprint` the charts re-render at once (flushSync) at a fixed
// width that fits A4 and Letter portrait, and go back to responsive on `afterprint`.
import { useSyncExternalStore } from 'react';
import { flushSync } from 'react-dom';

let printing = false;
const listeners = new Set<() => void>();

function set(value: boolean): void {
  if (printing === value) return;
  flushSync(() => {
    printing = value;
    for (const l of listeners) l();
  });
}

function subscribe(listener: () => void): () => void {
  if (listeners.size === 0) {
    window.addEventListener('beforeprint', onBefore);
    window.addEventListener('afterprint', onAfter);
  }
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      window.removeEventListener('beforeprint', onBefore);
      window.removeEventListener('afterprint', onAfter);
    }
  };
}

const onBefore = () => set(true);
const onAfter = () => set(false);

export function usePrinting(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => printing,
    () => false,
  );
}

/**
 * Printable widths in CSS pixels: A4 portrait is 210 mm, Letter 216 mm; with 12 mm margins
 * the narrower (A4) leaves 186 mm = 703 px. Panels print two to a row.
 */
export const PRINT_WIDTH = { full: 680, half: 320 } as const;

/** Chart heights on paper: a little shorter, so the readout fits on fewer pages. */
export const PRINT_HEIGHT_SCALE = 0.7;
