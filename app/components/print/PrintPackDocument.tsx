import { LegalReferenceLine } from "~/components/LegalReferenceLine";
import { OrganizationCard } from "~/components/OrganizationCard";
import { ChannelFees } from "~/components/procedure/ChannelFees";
import { RichText } from "~/components/RichText";
import type { PrintField, PrintPack, PrintPart } from "~/documents/print-pack.server";
import { formatDate, formatNumber } from "~/domain/format";

/**
 * The notice-board print pack as one complete HTML document (docs/decisions/016-print-pack.md): the same
 * markup is served as the print-ready page (its stylesheet linked) and printed to PDF (its stylesheet inlined).
 * No script: the browser's own print command, or the PDF, prints it.
 */

export type Stylesheet = { href: string } | { css: string };

interface Props {
  pack: PrintPack;
  /** One part, or the whole pack (null). */
  part: PrintPart | null;
  title: string;
  stylesheet: Stylesheet;
}

export function PrintPackDocument({ pack, part, title, stylesheet }: Props) {
  // One h1 per document: the cover's in the whole pack, else the part's own heading.
  const whole = part === null;
  const fields = whole ? pack.fields : part.kind === "field" ? pack.fields.filter((f) => f.code === part.code) : [];
  return (
    <html lang="vi">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        {"href" in stylesheet ? <link rel="stylesheet" href={stylesheet.href} /> : <style dangerouslySetInnerHTML={{ __html: stylesheet.css }} />}
      </head>
      <body>
        <main className="pack">
          {pack.release.status === "draft" || pack.release.status === "scheduled" ? <DraftNote pack={pack} /> : null}
          {whole || part.kind === "cover" ? <Cover pack={pack} /> : null}
          {fields.map((f) => (
            <FieldList key={f.code} pack={pack} field={f} heading={whole ? "h2" : "h1"} />
          ))}
          {(whole || part.kind === "placard") && pack.codes.length > 0 ? <Placard pack={pack} heading={whole ? "h2" : "h1"} /> : null}
        </main>
      </body>
    </html>
  );
}

/** The effective date as the cover states it. */
function effectiveLine(pack: PrintPack): string {
  const r = pack.release;
  if (r.liveSince) return `Niêm yết từ ngày ${formatDate(r.liveSince)}`;
  if (r.status === "scheduled") return `Hiệu lực từ ngày ${formatDate(r.effectiveAt)}`;
  return "Chưa công bố";
}

function DraftNote({ pack }: { pack: PrintPack }) {
  return (
    <p className="pack-draft" role="note">
      {pack.release.status === "draft"
        ? `Bản nháp số ${pack.release.number}: chưa công bố, không dùng để niêm yết.`
        : `Bản niêm yết số ${pack.release.number} đã hẹn hiệu lực từ ngày ${formatDate(pack.release.effectiveAt)}: chỉ niêm yết từ ngày đó.`}
    </p>
  );
}

function Cover({ pack }: { pack: PrintPack }) {
  const total = pack.fields.reduce((sum, f) => sum + f.procedures.length, 0);
  return (
    <section className="sheet sheet--cover" aria-labelledby="bia-tieu-de">
      <p className="cover-unit">{pack.unitName}</p>
      <h1 id="bia-tieu-de" className="cover-title">
        Danh mục thủ tục hành chính
        <span className="cover-subtitle">niêm yết tại Bộ phận Một cửa</span>
      </h1>
      <p className="cover-release">Bản niêm yết số {pack.release.number}</p>
      <p className="cover-effective">{effectiveLine(pack)}</p>
      <p className="cover-counts">
        {formatNumber(total)} thủ tục hành chính thuộc {formatNumber(pack.fields.length)} lĩnh vực
      </p>
      <ol className="cover-fields">
        {pack.fields.map((f) => (
          <li key={f.code}>
            {f.name} <span className="cover-count">({formatNumber(f.procedures.length)} thủ tục)</span>
          </li>
        ))}
      </ol>
      {pack.organization ? <OrganizationCard organization={pack.organization} extra={pack.organizationExtra} /> : null}
      <p className="cover-online">
        Tra cứu trực tuyến: <span className="pack-url">{pack.publicAddress}</span>. Mỗi thủ tục có mã QR dẫn đến trang của thủ tục.
      </p>
      <p className="cover-meta">
        Phí, lệ phí theo mức áp dụng ngày {formatDate(pack.day)}. In ngày {formatDate(pack.printedOn)}.
        {pack.release.note ? ` ${pack.release.note}` : ""}
      </p>
    </section>
  );
}

function FieldList({ pack, field, heading: Heading }: { pack: PrintPack; field: PrintField; heading: "h1" | "h2" }) {
  const id = `linh-vuc-${field.code}`;
  return (
    <section className="sheet sheet--field" aria-labelledby={id}>
      <p className="sheet-unit">
        {pack.unitName} · Bản niêm yết số {pack.release.number}
      </p>
      <Heading id={id} className="field-title">
        Lĩnh vực {field.name} <span className="field-count">({formatNumber(field.procedures.length)} thủ tục)</span>
      </Heading>
      {field.counters.length ? <p className="field-counters">Nộp hồ sơ tại: {field.counters.join("; ")}</p> : null}
      <table className="pack-table">
        <thead>
          <tr>
            <th scope="col" className="pack-table__n">
              STT
            </th>
            <th scope="col" className="pack-table__name">
              Tên thủ tục, mã số
            </th>
            <th scope="col">Cách thức thực hiện: thời hạn giải quyết, phí, lệ phí</th>
            <th scope="col" className="pack-table__qr">
              Mã QR
            </th>
          </tr>
        </thead>
        <tbody>
          {field.procedures.map((p, i) => (
            <tr key={p.code} className="pack-row" data-code={p.code}>
              <td className="pack-table__n">{formatNumber(i + 1)}</td>
              <th scope="row" className="pack-table__name">
                <span className="pack-name">{p.name}</span>
                <span className="pack-code">Mã {p.code}</span>
              </th>
              <td>
                <ul className="pack-channels">
                  {p.channels.map((c) => (
                    <li key={c.types.join()} className="pack-channel">
                      <strong className="pack-channel__name">{c.labels.join(", ")}</strong>
                      <span className="pack-channel__line">Thời hạn: {c.timeLimit}</span>
                      <span className="pack-channel__line pack-fees">
                        {c.channel.fees?.length ? null : "Phí, lệ phí: "}
                        <ChannelFees channel={c.channel} fees={p.fees} feeKinds={pack.feeKinds} />
                      </span>
                    </li>
                  ))}
                </ul>
                {p.timeLimitNote ? <p className="pack-note">{p.timeLimitNote}</p> : null}
              </td>
              <td className="pack-table__qr">
                <div className="pack-qr" dangerouslySetInnerHTML={{ __html: p.qrCode }} />
                <span className="pack-qr__caption">Quét để xem chi tiết</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Placard({ pack, heading: Heading }: { pack: PrintPack; heading: "h1" | "h2" }) {
  return (
    <>
      {pack.codes.map((c, i) => (
        <section key={c.code} className="sheet sheet--placard" aria-labelledby={`quy-tac-${i}`}>
          <p className="placard-unit">{pack.unitName}</p>
          <Heading id={`quy-tac-${i}`} className="placard-title">
            {c.name}
          </Heading>
          {c.slogans?.length ? (
            <ul className="placard-slogans">
              {c.slogans.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
          ) : null}
          {c.appliesTo ? <p className="placard-applies">Áp dụng đối với: {c.appliesTo}.</p> : null}
          {c.decision ? (
            <p className="placard-decision">
              Ban hành kèm theo <LegalReferenceLine reference={c.decision} />.
            </p>
          ) : null}
          {pack.organization?.hotline ? (
            <p className="placard-hotline">
              Phản ánh, kiến nghị về thái độ phục vụ: đường dây nóng <strong>{pack.organization.hotline}</strong>
            </p>
          ) : null}
          {c.html ? (
            <div className="placard-text">
              <RichText html={c.html} />
            </div>
          ) : null}
        </section>
      ))}
    </>
  );
}
