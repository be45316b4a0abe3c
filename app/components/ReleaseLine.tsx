import { Link } from "@remix-run/react";
import { formatDate } from "~/domain/format";

/** "Bản niêm yết số N, hiệu lực từ dd/mm/yyyy" on the home page, linking to the change logs. */
export function ReleaseLine({ release, base }: { release: { number: number; liveSince: string; preview: boolean }; base: string }) {
  return (
    <p className="release-line">
      Bản niêm yết số {release.number}
      {release.preview ? " (xem trước)" : `, hiệu lực từ ${formatDate(release.liveSince)}`}.{" "}
      <Link to={`${base}/thay-doi`}>Các lần thay đổi</Link>
    </p>
  );
}
