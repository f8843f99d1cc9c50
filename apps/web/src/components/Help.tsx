// The "?" beside every figure: its formula from the catalog, which direction is better, and
// why it can show `—`. A disclosure button (keyboard and screen-reader friendly) that closes
// on Escape and on a click elsewhere.
import { useEffect, useId, useRef, useState } from 'react';
import type { CatalogEntry } from '../api/types';

export function Help({
  entry,
  extra,
}: {
  entry: Pick<CatalogEntry, 'label' | 'formula' | 'better' | 'null_reason'>;
  extra?: string;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const ref = useRef<HTMLSpanElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        setOpen(false);
        ref.current?.querySelector('button')?.focus();
      }
    };
    const onPointer = (e: PointerEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey, true);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  return (
    <span className="help" ref={ref}>
      <button
        type="button"
        className="help-button"
        aria-expanded={open}
        aria-controls={id}
        aria-label={`How “${entry.label}” is calculated`}
        title="How is this calculated?"
        onClick={() => setOpen((o) => !o)}
      >
        ?
      </button>
      {open && (
        <span id={id} className="help-popover" role="note">
          <strong>{entry.label}</strong>
          <span className="help-formula">{entry.formula}</span>
          <span className="help-meta">
            {entry.better === 'higher' ? 'Higher is better.' : 'Lower is better.'}
          </span>
          {entry.null_reason && (
            <span className="help-meta">Shows — when: {entry.null_reason}.</span>
          )}
          {extra && <span className="help-meta">{extra}</span>}
        </span>
      )}
    </span>
  );
}
