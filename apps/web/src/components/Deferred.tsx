// Renders its children once they come near the viewport (or the page is printed). Charts
// below the fold then cost nothing while the first screen is being drawn.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { usePrinting } from '../lib/print';

export function Deferred({
  children,
  placeholder,
  margin = '200px',
}: {
  children: ReactNode;
  placeholder: ReactNode;
  margin?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const printing = usePrinting();
  const [near, setNear] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (near || !el) return;
    if (typeof IntersectionObserver === 'undefined') {
      setNear(true);
      return;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setNear(true);
      },
      { rootMargin: margin },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [near, margin]);
  return <div ref={ref}>{near || printing ? children : placeholder}</div>;
}
