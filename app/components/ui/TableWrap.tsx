/**
 * A table that scrolls sideways on narrow screens. A scrolling region must be reachable by keyboard and named
 * (axe: scrollable-region-focusable), so it is a focusable, labelled region.
 */
export function TableWrap({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
