import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { allowsSelfApproval, setSelfApproval } from "~/models/workflow.server";
import { requireDeploymentUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { redirectWithFlash, takeFlash } from "~/utils/flash.server";

/** Deployment settings an admin decides: for now, whether an approver may approve what they wrote. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireDeploymentUser(request, "settings:manage");
  const flash = await takeFlash(request);
  return data({ allowSelf: await allowsSelfApproval(getDb()), flash: flash.message }, { headers: flash.headers });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireDeploymentUser(request, "settings:manage");
  const form = await request.formData();
  const allowed = form.get("allowSelfApproval") === "on";
  await getDb().transaction().execute((trx) => setSelfApproval(trx, { allowed, actor: user.username }));
  return redirectWithFlash(request, "/admin/settings", allowed ? "Đã cho phép người soạn tự phê duyệt." : "Đã bật lại quy tắc bốn mắt.");
}

export default function Settings() {
  const { allowSelf, flash } = useLoaderData<typeof loader>();
  return (
    <main id="noi-dung" className="page">
      <h1>Cài đặt</h1>
      {flash ? (
        <p className="notice" role="status">
          {flash}
        </p>
      ) : null}
      <h2>Quy tắc phê duyệt</h2>
      <p>
        Mặc định, người phê duyệt phải khác người soạn (quy tắc bốn mắt). Đơn vị nhỏ chỉ có một lãnh đạo có thể cho phép người soạn tự
        phê duyệt; mỗi lần tự duyệt được ghi rõ trong lịch sử phiên bản và nhật ký hệ thống.
      </p>
      <Form method="post" className="stack">
        <label className="checkbox">
          <input type="checkbox" name="allowSelfApproval" defaultChecked={allowSelf} /> Cho phép người soạn tự phê duyệt tài liệu của mình
        </label>
        <p>
          <button type="submit" className="button">
            Lưu cài đặt
          </button>
        </p>
      </Form>
    </main>
  );
}

export const meta: MetaFunction = () => [{ title: "Cài đặt – Quản trị – Niêm Yết" }];
