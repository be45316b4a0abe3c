import { Link } from "@remix-run/react";
import { CustomValueItems } from "~/components/CustomValues";
import { RichText } from "~/components/RichText";
import { formatDate, formatDuration, formatNumber } from "~/domain/format";
import type { ProcedureView } from "~/models/procedure.server";
import type { ProcedurePageLabels } from "~/routes/procedure.server";
import { TableWrap } from "~/components/ui/TableWrap";
import { ChannelFees } from "./ChannelFees";

interface Props {
  view: ProcedureView;
  /** Path prefix of the commune's public pages ("" or "/xa/<code>"). */
  base?: string;
  html: {
    steps: (string | null)[];
    requirements: string | null;
    notes: string | null;
  };
  labels: ProcedurePageLabels;
  /** Custom fields the admin marked public, with their values (app/domain/custom-fields). */
  extra?: readonly { name: string; title: string; text: string }[];
}

/** Every field of a procedure's record, in the order of Nghị định 63/2010/NĐ-CP, Điều 8. Prints as listed. */
export function ProcedureDetail({ view, html, labels, extra = [], base = "" }: Props) {
  const p = view.procedure;
  const o = labels.options;
  const channelNotes = p.channels.some((ch) => ch.description);
  // Where and when a desk receives the dossier: set by the province or by the commune itself (a local override).
  const channelPlaces = p.channels.some((ch) => ch.place || ch.hours);
  return (
    <article className="procedure" aria-labelledby="procedure-title">
      <h1 id="procedure-title">{p.name}</h1>
      {view.repealed ? (
        <div className="repealed-notice" role="note">
          <p>
            <strong>
              Thủ tục này đã bãi bỏ
              {p.repeal?.date ? ` từ ngày ${formatDate(p.repeal.date)}` : ""}
              {p.repeal?.decision ? ` theo ${p.repeal.decision}` : ""}.
            </strong>{" "}
            Thủ tục không còn trong danh mục niêm yết; nội dung dưới đây chỉ để tra cứu.
          </p>
          {p.repeal?.note ? <p>{p.repeal.note}</p> : null}
        </div>
      ) : null}
      <dl className="facts facts--summary">
        <dt>{labels.code}</dt>
        <dd>{p.code}</dd>
        <dt>{labels.field}</dt>
        <dd>{view.field?.name ?? p.fieldCode}</dd>
        <dt>{labels.level}</dt>
        <dd>
          {[p.level, ...(p.otherLevels ?? []).filter((l) => l !== p.level)].map((l) => o.level[l] ?? l).join("; ")}
        </dd>
        <dt>{labels.status}</dt>
        <dd>{o.status[p.status] ?? p.status}</dd>
        {p.onlineLevel ? (
          <>
            <dt>{labels.onlineLevel}</dt>
            <dd>{o.onlineLevel[p.onlineLevel] ?? p.onlineLevel}</dd>
          </>
        ) : null}
        {p.nonTerritorial !== undefined ? (
          <>
            <dt>{labels.nonTerritorial}</dt>
            <dd>{p.nonTerritorial ? "Có – nộp hồ sơ tại bất kỳ đơn vị cấp xã nào" : "Không"}</dd>
          </>
        ) : null}
      </dl>

      <Section id="trinh-tu" title={labels.steps} empty={!p.steps?.length}>
        <ol className="steps">
          {(p.steps ?? []).map((step, i) => (
            <li key={i}>
              {step.name ? <h3 className="step-name">{step.name}</h3> : null}
              {html.steps[i] ? <RichText html={html.steps[i]!} /> : null}
            </li>
          ))}
        </ol>
      </Section>

      <Section id="cach-thuc" title={labels.channels}>
        <TableWrap label={`Bảng ${labels.channels.toLowerCase()}`}>
          <table>
            <thead>
              <tr>
                <th scope="col">{labels.channelType}</th>
                <th scope="col">{labels.timeLimit}</th>
                <th scope="col">{labels.fees}</th>
                {channelPlaces ? <th scope="col">{labels.place}</th> : null}
                {channelNotes ? <th scope="col">Mô tả</th> : null}
              </tr>
            </thead>
            <tbody>
              {p.channels.map((ch, i) => (
                <tr key={i}>
                  <th scope="row">{o.channelType[ch.type] ?? ch.type}</th>
                  <td>{formatDuration(ch.timeLimit)}</td>
                  <td>
                    <ChannelFees channel={ch} fees={view.fees} feeKinds={o.feeKind} />
                  </td>
                  {channelPlaces ? (
                    <td>
                      {ch.place ? <p className="channel-place">{ch.place}</p> : null}
                      {ch.hours ? (
                        <p className="channel-hours">
                          {labels.hours}: {ch.hours}
                        </p>
                      ) : null}
                    </td>
                  ) : null}
                  {channelNotes ? <td>{ch.description ?? ""}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        {p.timeLimitNote ? <p className="note">{p.timeLimitNote}</p> : null}
      </Section>

      <Section id="ho-so" title={labels.cases} empty={!p.cases?.length}>
        {(p.cases ?? []).map((c, i) => (
          <div key={i} className="case">
            {(p.cases?.length ?? 0) > 1 || c.name ? <h3>{c.name}</h3> : null}
            {c.timeLimit ? (
              <p className="case-time-limit">
                {labels.caseTimeLimit}: {formatDuration(c.timeLimit)}
              </p>
            ) : null}
            <TableWrap label={`Bảng ${labels.cases.toLowerCase()}${c.name ? `: ${c.name}` : (p.cases?.length ?? 0) > 1 ? ` ${i + 1}` : ""}`}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{labels.componentName}</th>
                    <th scope="col" className="num">
                      {labels.originals}
                    </th>
                    <th scope="col" className="num">
                      {labels.copies}
                    </th>
                    <th scope="col">{labels.required}</th>
                    <th scope="col">{labels.form}</th>
                  </tr>
                </thead>
                <tbody>
                  {(c.components ?? []).map((comp, j) => (
                    <tr key={j}>
                      <td>
                        {comp.name}
                        {comp.isResult ? <span className="fee-note"> ({labels.isResult.toLowerCase()})</span> : null}
                        {comp.note ? <span className="fee-note"> – {comp.note}</span> : null}
                      </td>
                      <td className="num">{formatNumber(comp.originals)}</td>
                      <td className="num">{formatNumber(comp.copies)}</td>
                      <td>{comp.required ? "Bắt buộc" : "Không bắt buộc"}</td>
                      <td>
                        {comp.formCode && view.forms[comp.formCode] ? (
                          <>
                            <a href={`${base}/bieu-mau/${encodeURIComponent(comp.formCode)}`}>{view.forms[comp.formCode].name}</a>
                            {view.forms[comp.formCode].next ? (
                              <span className="note">
                                {" "}
                                (mẫu hiện hành từ {formatDate(view.forms[comp.formCode].from)}; mẫu mới áp dụng từ {formatDate(view.forms[comp.formCode].next!)})
                              </span>
                            ) : null}
                          </>
                        ) : (
                          (comp.formCode ?? "")
                        )}
                        {comp.templates?.length ? (
                          <ul className="plain-list" aria-label={labels.templates}>
                            {comp.templates.map((t, k) => (
                              <li key={k}>{t.url ? <a href={t.url}>{t.name}</a> : t.name}</li>
                            ))}
                          </ul>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </div>
        ))}
      </Section>

      <Section id="doi-tuong" title={labels.subjects} empty={!p.subjects?.length}>
        <ul>
          {(p.subjects ?? []).map((s, i) => (
            <li key={i}>{s.name}</li>
          ))}
        </ul>
      </Section>

      <Section id="co-quan" title={labels.agencies} empty={!p.agencies?.length}>
        <dl className="facts">
          {(p.agencies ?? []).map((a, i) => (
            <div key={i} className="facts__row">
              <dt>{o.agencyRole[a.role] ?? a.role}</dt>
              <dd>
                {a.name}
                {a.address ? (
                  <span className="fee-note">
                    {" "}
                    – {labels.agencyAddress}: {a.address}
                  </span>
                ) : null}
              </dd>
            </div>
          ))}
        </dl>
      </Section>

      <Section id="ket-qua" title={labels.results} empty={!p.results?.length}>
        <ul>
          {(p.results ?? []).map((r, i) => (
            <li key={i}>
              {r.name}
              {r.code ? <span className="code"> ({r.code})</span> : null}
            </li>
          ))}
        </ul>
      </Section>

      {Object.keys(view.fees).length ? (
        <Section id="phi-le-phi" title="Phí, lệ phí">
          <ul>
            {Object.values(view.fees).map((fee) => (
              <li key={fee.code}>
                <strong>{fee.name}</strong>: {fee.ruleToday ?? "chưa có mức thu đang áp dụng"}
                {fee.legalBasis?.length ? <span className="fee-note"> (căn cứ {fee.legalBasis.map((l) => l.number).join(", ")})</span> : null}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}

      <Section id="yeu-cau" title={labels.requirements} empty={!html.requirements}>
        {html.requirements ? <RichText html={html.requirements} /> : null}
      </Section>

      <Section id="can-cu" title={labels.legalBasis} empty={!p.legalBasis?.length}>
        <ul>
          {(p.legalBasis ?? []).map((l, i) => (
            <li key={i}>
              <strong>{l.number}</strong>
              {l.title ? ` ${l.title}` : ""}
              {l.issuedDate ? ` ngày ${formatDate(l.issuedDate)}` : ""}
              {l.issuer ? ` của ${l.issuer}` : ""}
              {l.article ? ` (${l.article})` : ""}
            </li>
          ))}
        </ul>
      </Section>

      {p.publicationDecision ? (
        <Section id="cong-bo" title={labels.publicationDecision}>
          <p>{describeDecision(p.publicationDecision, o.publicationAction)}</p>
          {p.publicationHistory?.length ? (
            <>
              <h3>{labels.publicationHistory}</h3>
              <ul>
                {p.publicationHistory.map((d, i) => (
                  <li key={i}>{describeDecision(d, o.publicationAction)}</li>
                ))}
              </ul>
            </>
          ) : null}
        </Section>
      ) : null}

      {view.processes.length ? (
        <Section id="quy-trinh" title={labels.processes}>
          <ul>
            {view.processes.map((proc) => (
              <li key={proc.code}>
                <Link to={`${base}/quy-trinh/${proc.code}`}>{proc.name}</Link>{" "}
                <span className="code">
                  ({proc.documentControl.documentCode}, lần ban hành {proc.documentControl.issue})
                </span>
              </li>
            ))}
          </ul>
        </Section>
      ) : null}

      {html.notes ? (
        <Section id="ghi-chu" title={labels.notes}>
          <RichText html={html.notes} />
        </Section>
      ) : null}

      {extra.length ? (
        <Section id="thong-tin-khac" title="Thông tin khác">
          <dl className="facts">
            <CustomValueItems items={extra} />
          </dl>
        </Section>
      ) : null}

      <p className="meta-line">
        Phiên bản {formatNumber(view.revision)}, phê duyệt ngày {formatDate(view.updatedAt)}; cập nhật trong bản niêm yết số {formatNumber(view.changedIn)}.
      </p>
    </article>
  );
}

type Decision = NonNullable<ProcedureView["procedure"]["publicationDecision"]>;

/** "Quyết định số 3152/QĐ-BTP ngày 02/11/2020 của Bộ Tư pháp (công bố mới; có hiệu lực từ 01/01/2021)". */
function describeDecision(d: Decision, actions: Record<string, string>): string {
  const extra = [d.action ? (actions[d.action] ?? d.action).toLowerCase() : null, d.effectiveDate ? `có hiệu lực từ ${formatDate(d.effectiveDate)}` : null].filter(Boolean);
  return (
    `Quyết định số ${d.number}${d.date ? ` ngày ${formatDate(d.date)}` : ""}${d.agency ? ` của ${d.agency}` : ""}` + (extra.length ? ` (${extra.join("; ")})` : "")
  );
}

function Section({ id, title, empty, children }: { id: string; title: string; empty?: boolean; children: React.ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="procedure-section">
      <h2 id={`${id}-title`}>{title}</h2>
      {empty ? <p className="empty">Chưa có thông tin.</p> : children}
    </section>
  );
}
