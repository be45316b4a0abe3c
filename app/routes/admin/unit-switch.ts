import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { safeRedirectTarget } from "~/utils/auth.server";
import { chooseUnitCookie, requireWorkspace } from "~/utils/workspace.server";

/** POST /admin/don-vi: the unit switcher. Only a unit the account acts in can be chosen (else 403). */
export async function action({ request }: ActionFunctionArgs) {
  const { units } = await requireWorkspace(request, "catalog:read");
  const form = await request.formData();
  const code = String(form.get("unit") ?? "");
  if (!units.some((u) => u.code === code)) throw new Response("Bạn không làm việc tại đơn vị này.", { status: 403 });
  // A document page of one unit may not exist in the other: land on the admin home of the new unit then.
  const target = safeRedirectTarget(form.get("redirectTo"));
  const landing = /^\/admin\/[^/]+\/[^/]+/.test(target) ? "/admin" : target;
  return redirect(landing, { headers: { "Set-Cookie": await chooseUnitCookie(code) } });
}

export async function loader() {
  throw new Response("Không tìm thấy trang", { status: 404 });
}
