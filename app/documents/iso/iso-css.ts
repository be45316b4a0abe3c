/**
 * The stylesheet of ISO documents, kept as a module so the server, the CLI (no bundler) and the stylesheet route
 * (/tai-lieu-iso.css, linked by the admin's view under the Content-Security-Policy) share one copy; inlined,
 * with the Tinos font embedded, into the page Chromium prints to PDF.
 */
export const ISO_CSS = `/*
 * ISO process documents (app/documents/iso/): A4 in the Vietnamese administrative style (Times-metric serif,
 * 13pt body, ruled tables). Linked by the admin view and inlined, with the Tinos font embedded, into the HTML
 * Chromium prints to PDF. The @page margins match PDF_MARGIN in app/utils/pdf.server.ts.
 */
@page { size: A4; margin: 15mm 14mm 18mm 18mm; }

.iso, .iso * { box-sizing: border-box; }
body { margin: 0; }
.iso { max-width: 178mm; margin: 0 auto; padding: 6mm 2mm; font-family: Tinos, "Times New Roman", "Liberation Serif", serif; font-size: 13pt; line-height: 1.35; color: #000; background: #fff; }
.iso h2 { font-size: 13pt; margin: 5mm 0 2mm; }
.iso h3 { font-size: 13pt; margin: 3mm 0 1.5mm; }
.iso h2, .iso h3 { break-after: avoid; }
.iso p { margin: 0 0 2mm; text-align: justify; }
.iso ul, .iso ol { margin: 0 0 2mm; padding-left: 7mm; }
.iso-title { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }

.iso-table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0 0 3mm; font-size: 11.5pt; }
.iso-table th, .iso-table td { border: 0.75pt solid #000; padding: 1.2mm 1.6mm; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
.iso-table thead { display: table-header-group; }
.iso-table tr { break-inside: avoid; }
.iso-table .center { text-align: center; }
.iso-table .right { text-align: right; }
.iso-table caption { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.iso-table--header td { vertical-align: middle; font-size: 12pt; }

.iso-check { border-left: 2pt solid #000; padding: 1mm 3mm; margin: 0 0 2mm; font-size: 12pt; }
.iso-check--fail { border-left-width: 5pt; font-weight: 700; }

.iso-flowchart { margin: 2mm 0 4mm; }
/* A part a sheet: each part is cut between rows and is at most a sheet tall. */
.iso-flowchart-part { break-inside: avoid; }
.iso-flowchart-part + .iso-flowchart-part { margin-top: 2mm; }
.iso-flowchart svg { width: 100%; height: auto; display: block; }

/* A draft or superseded issue says so above the header block; the PDF repeats it in every page's header and footer. */
.iso-mark { border: 2pt solid #000; padding: 1.5mm 4mm; margin: 0 0 3mm; text-align: center; font-weight: 700; font-size: 15pt; letter-spacing: .08em; }
`;
