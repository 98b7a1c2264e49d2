import { useEffect, type RefObject } from 'react';

/** Keyboard for lists: j / k move through the rows (Enter opens, on the row itself). */
export function useListKeys(
  rows: RefObject<(HTMLTableRowElement | null)[]>,
  search?: RefObject<HTMLInputElement | null>,
) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (target.closest('input, textarea, select, [contenteditable]')) return;
      if (e.key === '/' && search?.current) {
        e.preventDefault();
        search.current.focus();
        return;
      }
      if (e.key !== 'j' && e.key !== 'k') return;
      const list = rows.current.filter(Boolean) as HTMLTableRowElement[];
      const at = list.indexOf(document.activeElement as HTMLTableRowElement);
      const next = e.key === 'j' ? Math.min(at + 1, list.length - 1) : Math.max(at - 1, 0);
      list[next]?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rows, search]);
}
