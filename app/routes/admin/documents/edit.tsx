import { requireWorkspace } from "~/utils/workspace.server";
import type { User } from "~/models/user.server";
import type { DB } from "~/utils/db.server";
import { getUnit } from "~/models/unit.server";
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import type { RJSFSchema, UiSchema } from "@rjsf/utils";
import { useEffect, useRef, useState } from "react";
import { DocumentEditor } from "~/components/editor/DocumentEditor";
import { toSummary, type FieldProblem } from "~/domain/problems";
import { withSchemaWidgets } from "~/components/editor/schema-widgets";
import { referencedKinds, withReferencePickers } from "~/components/editor/references";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { formatDateTime, todayInVietnam } from "~/domain/format";
import { extendSchema, extendUiSchema } from "~/domain/custom-fields";
import { KINDS } from "~/domain/kinds";
import { can } from "~/domain/permissions";
import { WORKFLOW_STATUS_LABELS } from "~/domain/workflow";
import { getCustomFields } from "~/models/custom-fields.server";
import { getDocument, listDocuments } from "~/models/document.server";
import { findReferrers } from "~/models/references.server";
import { redirectWithFlash, takeFlash } from "~/utils/flash.server";
import { getBundledSchema, getUiSchema } from "~/utils/schemas.server";
import { ConflictPanel } from "~/components/editor/ConflictPanel";
import type { FormDefinition } from "~/domain/form-builder";
import paperStylesheet from "~/styles/paper.css?url";
import type { Side } from "~/domain/merge";
import { WorkflowPanel, type StepError } from "~/components/editor/WorkflowPanel";
import { parseVietnameseDate } from "~/domain/format";
import { isWorkflowAction, TRANSITIONS, type WorkflowAction } from "~/domain/workflow";
import type { DocumentKind } from "~/domain/kinds";
import { addComment, applyStep } from "~/models/workflow.server";
import { deleteFromEditor, mergeFromEditor, NEW_KEY, saveFromEditor, workflowState } from "./edit.server";
import { kindFromParams } from "./list-query";
import { FormBuilder } from "~/components/forms/FormBuilder";
import { OverrideChooser, OverridePanel, OverrideSummaryPanel } from "~/components/editor/OverridePanels";
import { overridableDocuments, overrideEditor, overrideSummary, overrideTarget, saveOverrideFromEditor } from "./override.server";

/** A form's paper preview (the form builder) uses the printable form's styles. */
export const links: LinksFunction = () => [{ rel: "stylesheet", href: paperStylesheet }];

const NOTE_MAX = 500;
const DELETE_CONFIRM = "Tôi xác nhận xóa bản nháp này";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, db, unit } = await requireWorkspace(request, "catalog:read");
  const kind = kindFromParams(params.kind);
  const key = params.key ?? "";
  const isNew = key === NEW_KEY;
  if (isNew && !can(user.roles, "catalog:edit")) throw new Response("Bạn không có quyền thực hiện thao tác này.", { status: 403 });
  const stored = isNew ? null : await getDocument(db, { kind, key });
  if (!isNew && !stored) throw new Response("Không tìm thấy tài liệu", { status: 404 });
  // The documents each reference property may point to, listed from the indexed columns (no bodies).
  const choices = Object.fromEntries(
    await Promise.all(
      [...new Set([...referencedKinds(kind), "legal-document" as const])].map(
        async (k) => [k, (await listDocuments(db, { kind: k })).map((d) => ({ code: d.key, title: d.title }))] as const,
      ),
    ),
  );
  // The kind's schema with the custom fields an admin added (app/domain/custom-fields), as validation sees it.
  const customFields = await getCustomFields(db, kind);
  const schema = extendSchema(getBundledSchema(kind), customFields);
  const uiSchema = withSchemaWidgets(
    schema,
    extendUiSchema(withReferencePickers(kind, getUiSchema(kind), choices), customFields),
    choices["legal-document"],
  );
  const referrers = stored ? await findReferrers(db, { kind, key }) : [];
  // A commune reads its province's documents here; they are changed (and approved) in the province only.
  const inherited = stored && stored.unit !== unit.code ? { unit: stored.unit, name: (await getUnit(db, stored.unit))?.name ?? stored.unit } : null;
  const workflow = stored && !inherited ? await workflowState(db, { kind, key }, user) : null;
  const today = todayInVietnam();
  // A commune's override is edited through a form built from the province document (./override.server.ts).
  const target = kind === "local-override" ? overrideTarget(key, new URL(request.url)) : null;
  const override = target ? await overrideEditor(db, target) : null;
  if (target && isNew && override?.province && (await getDocument(db, { kind, key: `${target.kind}.${target.key}` }))) {
    throw redirect(`/admin/${kind}/${encodeURIComponent(`${target.kind}.${target.key}`)}`);
  }
  if (kind === "local-override" && (target || !isNew) && !override) {
    throw new Response("Không có tài liệu đang áp dụng của tỉnh để điều chỉnh", { status: 404 });
  }
  const overrideChoices = kind === "local-override" && isNew && !target ? await overridableDocuments(db, today) : null;
  const flash = await takeFlash(request);
  return data(
    {
      kind,
      label: KINDS[kind].label,
      key,
      isNew,
      canEdit: can(user.roles, "catalog:edit") && !inherited,
      inherited,
      schema: override ? override.schema : (withoutLooseCustomValues(schema, customFields.length) as RJSFSchema),
      // The key is fixed once created: it names the document in URLs, files and references.
      uiSchema: override ? override.uiSchema : editorUiSchema(kind, isNew, uiSchema),
      body: override ? override.formData : (stored?.body ?? {}),
      override: override ? { target: override.target, checks: override.checks, news: override.news } : null,
      overrideChoices,
      roles: user.roles,
      overrideSummary: inherited ? await overrideSummary(db, { kind, key }, today) : null,
      title: stored?.title ?? null,
      status: stored?.status ?? null,
      revision: stored?.revision ?? null,
      updatedAt: stored?.updatedAt ?? null,
      referrers: referrers.map((r) => ({ kind: r.kind, kindLabel: KINDS[r.kind].label, key: r.key, title: r.title, places: r.pointers.length })),
      workflow,
      today,
      flash: flash.message,
    },
    { headers: flash.headers },
  );
}

/**
 * The key is fixed once created (it names the document in URLs, files and references); a form's own schema and
 * UI schema are edited by the form builder, not as raw objects.
 */
function editorUiSchema(kind: DocumentKind, isNew: boolean, uiSchema: UiSchema): UiSchema {
  const result: UiSchema = isNew ? { ...uiSchema } : { ...uiSchema, code: { ...(uiSchema.code as object), "ui:readonly": true } };
  if (kind === "form") {
    result.schema = { "ui:field": "hidden" };
    result.uiSchema = { "ui:field": "hidden" };
  }
  return result;
}

/**
 * Without custom fields the editor leaves the loose `custom` object out: rjsf would offer it as free key/value
 * pairs, which is not how fields are added (the admin's custom field page is). Values already stored are kept.
 */
function withoutLooseCustomValues(schema: ReturnType<typeof getBundledSchema>, fieldCount: number) {
  if (fieldCount > 0) return schema;
  const { custom: _loose, ...properties } = schema.properties ?? {};
  return { ...schema, properties };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const kind = kindFromParams(params.kind);
  const key = params.key ?? "";
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "save");
  const step = isWorkflowAction(intent) || intent === "comment" ? intent : null;
  // Each step checks its own permission (TRANSITIONS); saving and deleting need catalog:edit.
  const permission = step === "comment" ? (["catalog:edit", "catalog:approve"] as const) : step ? TRANSITIONS[step].permission : "catalog:edit";
  const { user, db, unit } = await requireWorkspace(request, permission);
  // Everything but creating works on a document the unit reads: another unit's is not found, whatever the intent.
  const stored = key === NEW_KEY ? null : await getDocument(db, { kind, key });
  if (key === NEW_KEY ? step !== null || intent === "delete" : !stored) throw new Response("Không tìm thấy tài liệu", { status: 404 });
  // One the unit inherits from its province is read here, never stepped, commented on or deleted (a save says so
  // in the editor's own words, below).
  if (stored && stored.unit !== unit.code && (step || intent === "delete")) {
    throw new Response("Tài liệu thuộc danh mục của tỉnh: xã, phường xem và áp dụng, không duyệt, góp ý hay xóa tại đây.", { status: 403 });
  }
  if (step) return workflowAction(request, { kind, key, intent: step, form, user, db });
  if (intent === "delete") {
    if (form.get("confirm") !== "on") return data({ deleteError: `Hãy đánh dấu «${DELETE_CONFIRM}» trước khi bấm Xóa bản nháp` }, { status: 400 });
    const deleted = await deleteFromEditor(db, { kind, key, author: user.username });
    if (!deleted.ok) {
      if (deleted.reason === "missing") throw new Response(deleted.message, { status: 404 });
      return data({ deleteError: deleted.message }, { status: 409 });
    }
    return redirectWithFlash(request, `/admin/${kind}`, `Đã xóa bản nháp «${deleted.title}».`);
  }
  const note = String(form.get("note") ?? "").trim();
  const problems = (list: FieldProblem[], body: unknown) => data({ problems: list, body, baseRevision: null as number | null }, { status: 400 });
  let body: unknown;
  try {
    body = JSON.parse(String(form.get("body") ?? ""));
  } catch {
    return problems(
      [{ pointer: "", fieldTitle: "Tài liệu", message: "Không đọc được dữ liệu gửi lên (không phải JSON hợp lệ); hãy tải lại trang" }],
      {},
    );
  }
  if (note.length > NOTE_MAX) {
    return problems([{ pointer: "", fieldTitle: "Ghi chú phiên bản", message: `Ghi chú phiên bản không dài quá ${NOTE_MAX} ký tự` }], body);
  }
  const baseRevision = key === NEW_KEY ? 0 : Number(form.get("baseRevision"));
  if (!Number.isInteger(baseRevision) || baseRevision < 0) {
    return problems([{ pointer: "", fieldTitle: "Tài liệu", message: "Thiếu phiên bản bắt đầu sửa; hãy tải lại trang" }], body);
  }
  const overrideOf = kind === "local-override" ? overrideTarget(key, new URL(`?target=${encodeURIComponent(String(form.get("target") ?? ""))}`, request.url)) : null;
  if (kind === "local-override" && !overrideOf) {
    return problems([{ pointer: "", fieldTitle: "Tài liệu của tỉnh", message: "Không rõ điều chỉnh tài liệu nào của tỉnh; hãy mở lại từ trang của tài liệu" }], body);
  }
  const result = overrideOf
    ? await saveOverrideFromEditor(db, { key, target: overrideOf, form: body, note, author: user.username, baseRevision })
    : form.get("intent") === "merge" && key !== NEW_KEY
      ? await mergeFromEditor(db, { kind, key, mine: body, baseRevision, choices: parseChoices(form.get("choices")), note, author: user.username })
      : await saveFromEditor(db, { kind, key, body, note, author: user.username, baseRevision });
  if (!result.ok) {
    // The edit keeps its base: saving again after a conflict conflicts again until the officer merges.
    if (result.conflict) return data({ problems: result.problems, body, baseRevision, conflict: result.conflict }, { status: 409 });
    return data({ problems: result.problems, body, baseRevision }, { status: 400 });
  }
  const message =
    result.outcome === "unchanged"
      ? "Không có thay đổi nào để lưu."
      : `Đã ${result.outcome === "created" ? "tạo" : "lưu"} tài liệu (phiên bản ${result.revision}).`;
  return redirectWithFlash(request, `/admin/${kind}/${encodeURIComponent(result.key)}`, message);
}

/** A workflow step or a comment (its permission checked by the action), in one transaction. */
async function workflowAction(
  request: Request,
  input: { kind: DocumentKind; key: string; intent: WorkflowAction | "comment"; form: FormData; user: User; db: DB },
) {
  const { kind, key, intent, form, user, db } = input;
  const text = String(form.get("text") ?? "");
  if (intent === "comment") {
    const added = await db.transaction().execute((trx) => addComment(trx, { kind, key, actor: user.username, text }));
    if (!added.ok) return data({ stepError: { action: intent, field: "text", message: added.message } }, { status: 400 });
    return redirectWithFlash(request, `/admin/${kind}/${encodeURIComponent(key)}#trao-doi`, "Đã thêm góp ý.");
  }
  const typedDate = String(form.get("effectiveFrom") ?? "");
  const result = await db.transaction().execute((trx) =>
    applyStep(trx, {
      kind,
      key,
      action: intent,
      revision: Number(form.get("revision")),
      actor: user.username,
      text,
      // Typed as dd/mm/yyyy; text that is no date is passed on as it is, so the step names the field.
      effectiveFrom: typedDate.trim() === "" ? undefined : (parseVietnameseDate(typedDate) ?? typedDate),
    }),
  );
  if (!result.ok) {
    return data(
      { stepError: { action: intent, field: result.field, message: result.message, text, effectiveFrom: typedDate } },
      { status: result.field === "_form" ? 409 : 400 },
    );
  }
  return redirectWithFlash(request, `/admin/${kind}/${encodeURIComponent(key)}`, result.message);
}

function formDefinitionOf(kind: string, body: Record<string, unknown>): FormDefinition | null {
  if (kind !== "form") return null;
  const schema =
    body.schema && typeof body.schema === "object" ? (body.schema as FormDefinition["schema"]) : { type: "object" as const, properties: {} };
  const uiSchema = body.uiSchema && typeof body.uiSchema === "object" ? (body.uiSchema as FormDefinition["uiSchema"]) : {};
  return { schema, uiSchema };
}

/** The officer's choice per conflicting field (`{"name": "mine" | "theirs"}`); anything else is no choice. */
function parseChoices(value: FormDataEntryValue | null): Record<string, Side> {
  try {
    const parsed: unknown = JSON.parse(String(value ?? "{}"));
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, Side] => e[1] === "mine" || e[1] === "theirs"));
  } catch {
    return {};
  }
}

export default function DocumentPage() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submit = useSubmit();
  const navigation = useNavigation();
  const [note, setNote] = useState("");
  // What the editor holds now (the conflict panel merges it), kept outside render.
  const editing = useRef<Record<string, unknown> | null>(null);
  const problems = result && "problems" in result ? result.problems : [];
  const deleteError = result && "deleteError" in result ? result.deleteError : null;
  // The revision this edit started from: the one loaded, or, after a refused save, the one that save started from.
  const baseRevision = (result && "baseRevision" in result ? result.baseRevision : null) ?? page.revision ?? 0;
  const conflict = result && "conflict" in result ? result.conflict : null;
  // In review or retired: shown, not edited (withdraw it first, or it stays retired).
  const locked = page.status === "in_review" || page.status === "retired";
  const stepError = result && "stepError" in result ? (result.stepError as StepError) : null;
  const initialBody = (result && "body" in result ? (result.body as Record<string, unknown>) : null) ?? (page.body as Record<string, unknown>);
  // A form's own fields, edited by the form builder beside the rest of the document.
  const [formDef, setFormDef] = useState<FormDefinition | null>(() => formDefinitionOf(page.kind, initialBody));
  // Another document, or a new revision of this one: the builder starts from what is stored.
  useEffect(() => {
    setFormDef(formDefinitionOf(page.kind, initialBody));
  }, [page.kind, page.key, page.revision]); // eslint-disable-line react-hooks/exhaustive-deps
  const withFormDef = (body: Record<string, unknown>) => (formDef ? { ...body, schema: formDef.schema, uiSchema: formDef.uiSchema } : body);
  const canDelete = page.canEdit && page.status === "draft" && page.workflow?.inForce === null && page.referrers.length === 0;
  const summary = toSummary(problems);
  const heading = page.isNew ? `Thêm ${page.label.toLowerCase()}` : (page.title ?? page.key);
  return (
    <main id="noi-dung" className="page page--wide editor">
      <nav aria-label="Đường dẫn" className="breadcrumb">
        <Link to={`/admin/${page.kind}`}>{page.label}</Link>
      </nav>
      <h1>{heading}</h1>
      {page.flash ? (
        <p className="notice" role="status">
          {page.flash}
        </p>
      ) : null}
      {page.isNew ? (
        <p>Tài liệu mới được lưu ở dạng bản nháp; chỉ hiện trên trang công khai sau khi được duyệt và có trong bản niêm yết được công bố.</p>
      ) : (
        <p className="document-meta">
          Mã {page.key} · {page.status ? WORKFLOW_STATUS_LABELS[page.status] : ""} · phiên bản {page.revision} · sửa lần cuối{" "}
          {page.updatedAt ? formatDateTime(page.updatedAt) : ""}
        </p>
      )}
      {conflict ? (
        <ConflictPanel
          conflict={conflict}
          busy={navigation.state === "submitting"}
          onMerge={(choices) =>
            submit(
              {
                intent: "merge",
                body: JSON.stringify(editing.current ?? initialBody),
                note,
                baseRevision: String(conflict.baseRevision),
                choices: JSON.stringify(choices),
              },
              { method: "post" },
            )
          }
        />
      ) : null}
      <ErrorSummary
        errors={deleteError ? { ...summary.errors, "confirm-delete": deleteError } : summary.errors}
        labels={{ ...summary.labels, "confirm-delete": "Xóa bản nháp" }}
      />
      {page.canEdit ? (
        <div className="field">
          <label htmlFor="note">
            {(page.kind === "process" || page.kind === "quality") && page.workflow?.inForce
              ? "Ghi chú phiên bản: nội dung sửa đổi (sửa tài liệu ISO đang hiệu lực là ban hành lần mới; nếu chưa ghi dòng mới trong bảng theo dõi sửa đổi, ghi chú này thành dòng đó)"
              : "Ghi chú phiên bản (không bắt buộc)"}
          </label>
          <input id="note" name="note" value={note} maxLength={NOTE_MAX} onChange={(e) => setNote(e.target.value)} />
        </div>
      ) : page.inherited ? null : (
        <p>Bạn chỉ có quyền xem tài liệu này.</p>
      )}
      {page.inherited ? (
        <p className="notice">
          Tài liệu thuộc danh mục của {page.inherited.name} ({page.inherited.unit}): đơn vị đang làm việc dùng bản đang áp dụng của tỉnh, chỉ xem,
          không sửa tại đây.
        </p>
      ) : null}
      {page.overrideSummary ? <OverrideSummaryPanel summary={page.overrideSummary} canEdit={can(page.roles, "catalog:edit")} /> : null}
      {page.override ? <OverridePanel override={page.override} /> : null}
      {page.canEdit && page.status === "in_review" ? (
        <p className="notice">Tài liệu đang chờ duyệt nên chỉ xem được; muốn sửa, hãy «Rút lại để sửa» ở phần Phê duyệt bên dưới.</p>
      ) : null}
      {page.canEdit && page.status === "retired" ? <p className="notice">Tài liệu đã ngừng áp dụng nên không sửa được nữa.</p> : null}
      {page.overrideChoices ? (
        <OverrideChooser choices={page.overrideChoices} />
      ) : (
      <DocumentEditor
        key={`${page.kind}/${page.key}/${page.revision ?? "new"}`}
        beforeActions={
          formDef ? (
            <FormBuilder
              value={formDef}
              onChange={(def) => {
                setFormDef(def);
                if (editing.current) editing.current = { ...editing.current, ...def };
              }}
              problems={problems}
              readOnly={!page.canEdit || locked}
            />
          ) : null
        }
        schema={page.schema}
        uiSchema={page.uiSchema}
        initial={initialBody}
        problems={problems}
        readOnly={!page.canEdit || locked}
        busy={navigation.state === "submitting"}
        onSave={(body) =>
          submit(
            {
              body: JSON.stringify(withFormDef(body)),
              note,
              baseRevision: String(baseRevision),
              ...(page.override ? { target: `${page.override.target.kind}.${page.override.target.key}` } : {}),
            },
            { method: "post" },
          )
        }
        onChange={(body) => {
          editing.current = withFormDef(body);
        }}
      />
      )}
      {page.workflow ? (
        <WorkflowPanel workflow={page.workflow} error={stepError} today={page.today} href={`/admin/${page.kind}/${encodeURIComponent(page.key)}`}
          isoDocument={page.kind === "process" || page.kind === "quality" ? `/admin/tai-lieu-iso/${page.kind}/${encodeURIComponent(page.key)}` : undefined}
        />
      ) : null}
      {page.isNew || page.kind === "local-override" ? null : (
        <section aria-labelledby="tham-chieu" className="referrers">
          <h2 id="tham-chieu">Tài liệu tham chiếu đến {page.label.toLowerCase()} này</h2>
          {page.referrers.length === 0 ? (
            <p>Chưa có tài liệu nào tham chiếu đến tài liệu này.</p>
          ) : (
            <>
              <p>
                {page.referrers.length} tài liệu đang dùng tài liệu này, nên không thể xóa; khi không còn áp dụng, tài liệu được đánh dấu ngừng áp
                dụng (bãi bỏ) qua quy trình phê duyệt và vẫn giữ lịch sử.
              </p>
              <ul>
                {page.referrers.map((r) => (
                  <li key={`${r.kind}/${r.key}`}>
                    {r.kindLabel}: <Link to={`/admin/${r.kind}/${encodeURIComponent(r.key)}`}>{r.title}</Link> ({r.key})
                    {r.places > 1 ? ` — ${r.places} chỗ` : ""}
                  </li>
                ))}
              </ul>
            </>
          )}
          {page.referrers.length === 0 && page.status !== "draft" ? (
            <p>Tài liệu đã duyệt không xóa được: khi không còn áp dụng, tài liệu được đánh dấu ngừng áp dụng qua quy trình phê duyệt.</p>
          ) : null}
        </section>
      )}
      {canDelete ? (
        <section aria-labelledby="xoa-ban-nhap" className="danger-zone">
          <h2 id="xoa-ban-nhap">Xóa bản nháp</h2>
          <p>
            Bản nháp này chưa được duyệt và không tài liệu nào tham chiếu đến nó, nên có thể xóa. Bản nháp và các phiên bản của nó bị xóa hẳn; nhật ký
            hệ thống ghi lại người xóa và thời điểm xóa.
          </p>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="delete" />
            <div className={`field${deleteError ? " field--error" : ""}`}>
              {deleteError ? (
                <p className="field-error" id="confirm-delete-error" role="alert">
                  {deleteError}
                </p>
              ) : null}
              <label className="checkbox">
                <input type="checkbox" name="confirm" id="confirm-delete" aria-describedby={deleteError ? "confirm-delete-error" : undefined} />{" "}
                {DELETE_CONFIRM}
              </label>
            </div>
            <p>
              <button type="submit" className="button button--danger">
                Xóa bản nháp
              </button>
            </p>
          </Form>
        </section>
      ) : null}
    </main>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.isNew ? `Thêm ${data.label.toLowerCase()}` : (data.title ?? data.key)} – Quản trị – Niêm Yết` : "Quản trị – Niêm Yết" },
];
