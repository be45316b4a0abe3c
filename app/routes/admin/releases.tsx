import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { ErrorSummary, FieldError } from "~/components/ui/ErrorSummary";
import { TableWrap } from "~/components/ui/TableWrap";
import { TextField } from "~/components/ui/TextField";
import { formatDateTime, formatNumber } from "~/domain/format";
import { can } from "~/domain/permissions";
import { describeEntry, RELEASE_PHASE_LABELS, RELEASE_STATUS_LABELS } from "~/domain/release-changes";

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
import { listReleases, RELEASE_NOTE_MAX } from "~/models/release.server";
import { clientAddressOf } from "~/utils/auth.server";
import { redirectWithFlash, takeFlash } from "~/utils/flash.server";
import { requireWorkspace } from "~/utils/workspace.server";
import { EXPORT_PATHS, exportHrefs, printPackPaths } from "~/domain/paths";
import { DownloadLinks } from "~/components/DownloadLinks";
import { releaseJobOf, runReleasesAction } from "./releases.server";

export const handle = { hydrate: true };

/**
 * Releases of the commune acted in ("Bản niêm yết số N"): build one from the approved documents, preview exactly
 * what will go live, publish it now or for its effective time, roll back to an earlier one, cancel a draft.
 */


export async function loader({ request }: LoaderFunctionArgs) {
  const { user, unit, db } = await requireWorkspace(request, "catalog:read");
  const flash = await takeFlash(request);
  const releases = unit.level === "commune" ? await listReleases(db, unit.code) : [];
  const job = releaseJobOf(unit.code);
  return data(
    {
      unit: { code: unit.code, name: unit.name, level: unit.level },
      canPublish: can(user.roles, "catalog:publish"),
      // The static site's default address (the admin's download, app/routes/admin/site-export.ts).
      siteAddress: unit.hostName ? `https://${unit.hostName}` : "",
      releases: releases.map((r) => ({
        number: r.number,
        status: r.status,
        statusLabel: capitalize(RELEASE_STATUS_LABELS[r.status]),
        effectiveAt: r.effectiveAt,
        liveSince: r.liveSince,
        note: r.note,
        createdBy: r.createdBy,
        createdAt: r.createdAt,
        publishedBy: r.publishedBy,
        procedureCount: r.procedureCount,
        counts: r.procedureChanges,
        // The draft's change log, for the approver to read before publishing.
        changes:
          r.status === "draft" || r.status === "scheduled"
            ? r.changeLog.entries.slice(0, 200).map((e) => ({ key: `${e.kind}-${e.key}`, heading: describeEntry(e), title: e.title, fields: (e.fields ?? []).map((f) => f.path) }))
            : [],
        changesTotal: r.changeLog.entries.length + r.changeLog.omitted,
      })),
      job: job && (!job.finishedAt || Date.now() - Date.parse(job.finishedAt) < 60_000) ? { ...job, phaseLabel: RELEASE_PHASE_LABELS[job.phase] } : null,
      noteMax: RELEASE_NOTE_MAX,
      flash: flash.message,
    },
    { headers: flash.headers },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, unit, db } = await requireWorkspace(request, "catalog:publish");
  if (unit.level !== "commune") return data({ ok: false as const, errors: { intent: "Bản niêm yết thuộc từng xã, phường: hãy chọn xã, phường làm việc." } }, { status: 400 });
  const form = await request.formData();
  const result = await runReleasesAction(db, form, { unit, actor: user.username, clientAddress: clientAddressOf(context) });
  if (result.ok) return redirectWithFlash(request, "/admin/releases", result.message);
  return data(result, { status: 400 });
}

export default function Releases() {
  const { unit, canPublish, siteAddress, releases, job, noteMax, flash } = useLoaderData<typeof loader>();
  const live = releases.find((r) => r.status === "live");
  const result = useActionData<typeof action>();
  const errors = result && !result.ok ? result.errors : undefined;
  const values = result && !result.ok && "values" in result ? result.values : undefined;
  const revalidator = useRevalidator();
  const running = job !== null && !job.finishedAt;
  // While a release is being built, the page follows its progress.
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 1000);
    return () => clearInterval(timer);
  }, [running, revalidator]);
  const pending = releases.find((r) => r.status === "draft" || r.status === "scheduled");
  const labels: Record<string, string> = { note: "Ghi chú của bản niêm yết", effectiveDate: "Ngày hiệu lực", intent: "Thao tác", number: "Bản niêm yết" };
  for (const r of releases) {
    labels[`publish-${r.number}`] = `Bản niêm yết số ${r.number}`;
    labels[`effectiveDate-${r.number}`] = `Ngày hiệu lực của bản số ${r.number}`;
    labels[`reason-${r.number}`] = `Lý do quay lại bản số ${r.number}`;
  }

  if (unit.level !== "commune") {
    return (
      <main id="noi-dung" className="page page--wide">
        <h1>Bản niêm yết</h1>
        <p>
          Mỗi xã, phường, đặc khu công bố bản niêm yết của mình (gồm thủ tục của tỉnh đang áp dụng và điều chỉnh của đơn vị). Hãy chọn
          một xã, phường ở mục «Đơn vị làm việc».
        </p>
      </main>
    );
  }
  return (
    <main id="noi-dung" className="page page--wide">
      <h1>Bản niêm yết – {unit.name}</h1>
      {flash ? (
        <p className="notice" role="status">
          {flash}
        </p>
      ) : null}
      <ErrorSummary errors={errors} labels={labels} />
      <p>
        Người dân chỉ thấy bản niêm yết đang niêm yết. Mỗi bản là ảnh chụp cố định các thủ tục, biểu mẫu, phí, lệ phí và quy trình đã phê
        duyệt tại thời điểm tạo; sửa đổi sau đó chỉ hiện khi công bố bản mới.
      </p>
      {job ? (
        <section aria-labelledby="tien-do" className="panel" aria-live="polite">
          <h2 id="tien-do">{running ? "Đang tạo bản niêm yết" : "Lần tạo gần nhất"}</h2>
          {running ? (
            <>
              <p>
                {job.phaseLabel}: {formatNumber(job.done)}/{formatNumber(job.total)} tài liệu
              </p>
              <progress max={Math.max(job.total, 1)} value={job.done}>
                {job.total ? Math.round((job.done / job.total) * 100) : 0}%
              </progress>
            </>
          ) : job.error ? (
            <p className="warning-text">{job.error}</p>
          ) : (
            <p>Đã tạo bản nháp số {job.number}.</p>
          )}
        </section>
      ) : null}
      {canPublish && !pending && !running ? (
        <section aria-labelledby="tao-ban" className="panel">
          <h2 id="tao-ban">Tạo bản niêm yết mới</h2>
          <Form method="post">
            <input type="hidden" name="intent" value="create" />
            <TextField id="note" label="Ghi chú (ví dụ: theo Quyết định số …)" maxLength={noteMax} defaultValue={values?.note} error={errors?.note} />
            <TextField
              id="effectiveDate"
              label="Ngày hiệu lực (dd/mm/yyyy; để trống: ngay khi công bố)"
              inputMode="numeric"
              placeholder="01/01/2027"
              defaultValue={values?.effectiveDate}
              error={errors?.effectiveDate}
            />
            <TextField id="effectiveTime" label="Giờ hiệu lực (hh:mm, mặc định 00:00)" inputMode="numeric" placeholder="07:30" defaultValue={values?.effectiveTime} />
            <button type="submit" className="button">
              Tạo bản nháp để xem trước
            </button>
          </Form>
        </section>
      ) : null}
      <TableWrap label="Các bản niêm yết">
        <table>
          <thead>
            <tr>
              <th scope="col">Số</th>
              <th scope="col">Trạng thái</th>
              <th scope="col">Hiệu lực</th>
              <th scope="col">Thủ tục</th>
              <th scope="col">Thay đổi</th>
              <th scope="col">Người tạo, công bố</th>
              <th scope="col">Thao tác</th>
            </tr>
          </thead>
          <tbody>
            {releases.map((r) => (
              <tr key={r.number}>
                <th scope="row">Bản số {r.number}</th>
                <td>{r.statusLabel}</td>
                <td>{r.liveSince ? `Niêm yết từ ${formatDateTime(r.liveSince)}` : formatDateTime(r.effectiveAt)}</td>
                <td>{formatNumber(r.procedureCount)}</td>
                <td>
                  {r.counts.added} bổ sung, {r.counts.changed} sửa đổi, {r.counts.removed} bãi bỏ
                  {r.note ? <div>{r.note}</div> : null}
                </td>
                <td>
                  {r.createdBy}
                  {r.publishedBy && r.publishedBy !== r.createdBy ? `, ${r.publishedBy}` : ""}
                </td>
                <td>
                  <Link to={`/xem-truoc/${unit.code}/${r.number}`} reloadDocument>Xem {r.status === "draft" || r.status === "scheduled" ? "trước" : "lại"}</Link>
                  <DownloadLinks label="Danh mục của bản" href={exportHrefs(EXPORT_PATHS.release(r.number))} />
                  {r.status !== "superseded" ? (
                    <p className="stack">
                      <a href={printPackPaths(r.number).pdf}>In bộ niêm yết (PDF)</a> · <Link to={printPackPaths(r.number).index}>Các phần để in</Link>
                    </p>
                  ) : null}
                  {canPublish && r.status === "draft" ? (
                    <Form method="post" className="stack">
                      <input type="hidden" name="intent" value="publish" />
                      <input type="hidden" name="number" value={r.number} />
                      <FieldError id={`publish-${r.number}`} message={errors?.[`publish-${r.number}`]} />
                      <button type="submit" className="button">
                        Công bố
                      </button>
                    </Form>
                  ) : null}
                  {canPublish && (r.status === "draft" || r.status === "scheduled") ? (
                    <Form method="post" className="stack">
                      <input type="hidden" name="intent" value="cancel" />
                      <input type="hidden" name="number" value={r.number} />
                      <button type="submit" className="button button--secondary">
                        Hủy bản này
                      </button>
                    </Form>
                  ) : null}
                  {canPublish && r.status === "superseded" ? (
                    <Form method="post" className="stack">
                      <input type="hidden" name="intent" value="rollback" />
                      <input type="hidden" name="number" value={r.number} />
                      <TextField id={`reason-${r.number}`} label="Lý do quay lại" maxLength={noteMax} required error={errors?.[`reason-${r.number}`]} />
                      <button type="submit" className="button button--secondary">
                        Quay lại bản này
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {pending ? (
        <section aria-labelledby="thay-doi-cho" className="panel">
          <h2 id="thay-doi-cho">
            Thay đổi trong bản số {pending.number} ({formatNumber(pending.changesTotal)})
          </h2>
          {pending.changes.length === 0 ? <p>Không có thay đổi so với bản đang niêm yết.</p> : null}
          <ul>
            {pending.changes.map((c) => (
              <li key={c.key}>
                <strong>{c.heading}:</strong> {c.title}
                {c.fields.length ? ` – ${c.fields.join("; ")}` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {canPublish && live ? (
        <section aria-labelledby="trang-tinh" className="panel">
          <h2 id="trang-tinh">Trang tĩnh cho cổng thông tin</h2>
          <p>
            Bản số {live.number} đang niêm yết, dưới dạng một thư mục trang web (HTML, CSS; tìm kiếm và tính thời hạn, phí chạy ngay trên
            trình duyệt) để đơn vị quản lý cổng thông tin đăng lên, hoặc mở trực tiếp từ máy tính. Mã QR và sitemap.xml trỏ tới địa chỉ sẽ
            đăng trang.
          </p>
          <Form method="get" action="/admin/trang-tinh.zip" reloadDocument className="inline-form">
            <div className="field">
              <label htmlFor="dia-chi">Địa chỉ sẽ đăng trang</label>
              <input id="dia-chi" name="dia-chi" type="url" maxLength={500} defaultValue={siteAddress} placeholder="https://hoaan.hanoi.gov.vn/niem-yet" required />
            </div>
            <button type="submit" className="button">
              Tải trang tĩnh (.zip)
            </button>
          </Form>
        </section>
      ) : null}
    </main>
  );
}

export const meta: MetaFunction = () => [{ title: "Bản niêm yết – Niêm Yết" }];
