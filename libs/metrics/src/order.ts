// Ordering of external ids. metrics.md breaks first-win ties by "the smallest deal_id
// (string order)". We use Unicode code point order, which is what PostgreSQL's
// COLLATE "C" gives on UTF-8 text, so a SQL fast path can reproduce it exactly.
// (JavaScript's `<` compares UTF-16 code units, which differs for characters above
// U+FFFF versus U+E000..U+FFFF; for ASCII ids the two agree.)

function codeUnitKey(c: number): number {
  // Move surrogates (U+D800..U+DFFF, i.e. astral code points) above U+E000..U+FFFF.
  if (c >= 0xd800 && c <= 0xdfff) return c + 0x2000;
  if (c >= 0xe000) return c - 0x800;
  return c;
}

/** Negative, zero or positive as `a` sorts before, with or after `b` in code point order. */
export function compareIds(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codeUnitKey(x) - codeUnitKey(y);
  }
  return a.length - b.length;
}
