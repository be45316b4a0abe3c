import { Link } from "@remix-run/react";

/** "‹ Trang trước · Trang sau ›" under a list, when there is another page. */
export function Pagination({ previousHref, nextHref }: { previousHref: string | null; nextHref: string | null }) {
  if (!previousHref && !nextHref) return null;
  return (
    <nav aria-label="Phân trang" className="pagination">
      {previousHref ? <Link to={previousHref}>‹ Trang trước</Link> : null}
      {nextHref ? <Link to={nextHref}>Trang sau ›</Link> : null}
    </nav>
  );
}
