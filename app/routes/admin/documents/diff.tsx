import { requireWorkspace } from "~/utils/workspace.server";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ChangeList } from "~/components/editor/ChangeList";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { diffDocuments } from "~/domain/diff";
import { formatDateTime } from "~/domain/format";
import { KINDS } from "~/domain/kinds";
import { QueryReader } from "~/domain/query";
import { getDocument, getRevision } from "~/models/document.server";
import { getBundledSchema } from "~/utils/schemas.server";
import { kindFromParams } from "./list-query";

const LABELS = { from: "Từ phiên bản", to: "Đến phiên bản" } as const;

/** The changes between any two revisions of a document (`?from=&to=`), in the domain's words. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db } = await requireWorkspace(request, "catalog:read");
  const kind = kindFromParams(params.kind);
  const key = params.key ?? "";
  const stored = await getDocument(db, { kind, key });
  if (!stored) throw new Response("Không tìm thấy tài liệu", { status: 404 });
  const q = new QueryReader(new URL(request.url).searchParams);
  // 0: not given.
  const from = q.integer("from", LABELS.from, { min: 1, max: stored.revision, fallback: 0 });
  const to = q.integer("to", LABELS.to, { min: 1, max: stored.revision, fallback: 0 });
  const errors: Record<string, string> = { ...q.errors };
  if (from === 0 && !errors.from) errors.from = `Hãy chọn «${LABELS.from}»`;
  if (to === 0 && !errors.to) errors.to = `Hãy chọn «${LABELS.to}»`;
  const page = { kind, label: KINDS[kind].label, key, title: stored.title, errors, changes: [] as ReturnType<typeof diffDocuments>, sides: null as null | { from: Side; to: Side } };
  if (Object.keys(errors).length > 0) return data(page, { status: 400 });
  const [a, b] = await Promise.all([getRevision(db, { kind, key, revision: from }), getRevision(db, { kind, key, revision: to })]);
  if (!a || !b) throw new Response("Không tìm thấy phiên bản", { status: 404 });
  const side = (r: NonNullable<typeof a>): Side => ({ revision: r.revision, author: r.author, at: r.createdAt, inForce: r.revision === stored.inForceRevision });
  return { ...page, changes: diffDocuments(getBundledSchema(kind), a.body, b.body), sides: { from: side(a), to: side(b) } };
}

interface Side {
  revision: number;
  author: string;
  at: string;
  inForce: boolean;
}

export default function Diff() {
  const page = useLoaderData<typeof loader>();
  const base = `/admin/${page.kind}/${encodeURIComponent(page.key)}`;
  const describe = (s: Side) => `phiên bản ${s.revision}${s.inForce ? " (đang áp dụng)" : ""} của ${s.author}, lưu lúc ${formatDateTime(s.at)}`;
  return (
    <main id="noi-dung" className="page page--wide">
      <nav aria-label="Đường dẫn" className="breadcrumb">
        <Link to={`/admin/${page.kind}`}>{page.label}</Link> › <Link to={base}>{page.title}</Link> › <Link to={`${base}/history`}>Lịch sử phiên bản</Link>
      </nav>
      <h1>Thay đổi: {page.title}</h1>
      <ErrorSummary errors={page.errors} labels={LABELS} />
      {page.sides ? (
        <>
          <p>
            Từ {describe(page.sides.from)}
            <br />
            đến {describe(page.sides.to)}: {page.changes.length} thay đổi.
          </p>
          <ChangeList changes={page.changes} />
        </>
      ) : null}
    </main>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Thay đổi: ${data.title} – Quản trị – Niêm Yết` : "Quản trị – Niêm Yết" }];
