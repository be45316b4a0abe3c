/**
 * Links to download a table as Excel and as CSV (app/exports): "Tải về: Excel (.xlsx) · CSV". Plain links with
 * `download`, so they work without JavaScript and never navigate away from the page.
 */
export function DownloadLinks({ label, href }: { label: string; href: { xlsx: string; csv: string } }) {
  return (
    <p className="download-links">
      {label}:{" "}
      <a href={href.xlsx} download>
        Excel (.xlsx)
      </a>{" "}
      ·{" "}
      <a href={href.csv} download>
        CSV
      </a>
    </p>
  );
}
