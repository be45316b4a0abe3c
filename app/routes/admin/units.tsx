import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, FieldError } from "~/components/ui/ErrorSummary";
import { TableWrap } from "~/components/ui/TableWrap";
import { TextField } from "~/components/ui/TextField";
import { formatDate } from "~/domain/format";
import { UNIT_LIMITS } from "~/domain/limits";
import { UNIT_LEVEL_LABELS } from "~/models/unit.server";
import { clientAddressOf, requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { redirectWithFlash, takeFlash } from "~/utils/flash.server";
import { runUnitsAction, unitManagerOf } from "./units.server";

/** Units of government: add a commune, move one to another province after a merger, retire one (history kept). */

async function requireUnitManager(request: Request) {
  const me = await requireUser(request, "settings:manage");
  const manager = await unitManagerOf(getDb(), me);
  if (!manager) throw new Response("Chỉ quản trị của tỉnh, thành phố hoặc của toàn hệ thống quản lý được đơn vị hành chính.", { status: 403 });
  return { me, manager };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { manager } = await requireUnitManager(request);
  const names = new Map(manager.units.map((u) => [u.code, u.name]));
  const flash = await takeFlash(request);
  // Provinces first, each followed by its communes.
  const provinces = manager.units.filter((u) => u.level === "province");
  const ordered = [
    ...provinces.flatMap((p) => [p, ...manager.units.filter((u) => u.parentCode === p.code)]),
    ...manager.units.filter((u) => u.level === "commune" && !provinces.some((p) => p.code === u.parentCode)),
  ];
  return data(
    {
      units: ordered.map((u) => ({
        ...u,
        levelLabel: UNIT_LEVEL_LABELS[u.level],
        parentName: u.parentCode ? (names.get(u.parentCode) ?? u.parentCode) : null,
      })),
      deploymentWide: manager.deploymentWide,
      province: manager.province ? { code: manager.province.code, name: manager.province.name } : null,
      activeProvinces: provinces.filter((p) => !p.retiredFrom).map((p) => ({ code: p.code, name: p.name })),
      levelLabels: UNIT_LEVEL_LABELS,
      flash: flash.message,
    },
    { headers: flash.headers },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { me, manager } = await requireUnitManager(request);
  const form = await request.formData();
  const result = await runUnitsAction(getDb(), form, manager, { name: me.username, clientAddress: clientAddressOf(context) });
  if (result.ok) return redirectWithFlash(request, "/admin/units", result.message);
  return data(result, { status: 400 });
}

const ADD_LABELS = { level: "Cấp", code: "Mã đơn vị", name: "Tên đơn vị", parentCode: "Thuộc tỉnh, thành phố", hostName: "Tên miền riêng" };

export default function Units() {
  const { units, deploymentWide, province, activeProvinces, levelLabels, flash } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && !result.ok ? result.errors : undefined;
  const addErrors = result && !result.ok && result.intent === "add" ? result.errors : undefined;
  const values = result && !result.ok && result.intent === "add" ? result.values : undefined;
  const rowLabels = Object.fromEntries(
    units.flatMap((u) => [
      [`retiredFrom-${u.code}`, `Ngày ngừng hoạt động của ${u.name}`],
      [`reason-${u.code}`, `Lý do ngừng hoạt động của ${u.name}`],
      [`code-${u.code}`, u.name],
      [`parentCode-${u.code}`, `Tỉnh mới của ${u.name}`],
    ]),
  );
  return (
    <main id="noi-dung" className="page page--wide">
      <h1>Đơn vị hành chính</h1>
      <p>
        {deploymentWide
          ? "Các tỉnh, thành phố và xã, phường, đặc khu của hệ thống."
          : `${province?.name ?? ""} và các xã, phường, đặc khu thuộc tỉnh.`}{" "}
        Đơn vị không bao giờ bị xóa: khi sáp nhập, xã, phường được chuyển sang tỉnh khác hoặc ghi ngừng hoạt động, và vẫn giữ tài liệu, lịch sử, nhật
        ký.
      </p>
      {flash ? (
        <p className="notice" role="status">
          {flash}
        </p>
      ) : null}
      <ErrorSummary errors={errors} labels={{ ...ADD_LABELS, ...rowLabels }} />

      <TableWrap label="Danh sách đơn vị">
        <table className="units">
          <caption className="visually-hidden">Danh sách đơn vị</caption>
          <thead>
            <tr>
              <th scope="col">Mã</th>
              <th scope="col">Tên</th>
              <th scope="col">Cấp</th>
              <th scope="col">Thuộc</th>
              <th scope="col">Tình trạng</th>
              <th scope="col">Thao tác</th>
            </tr>
          </thead>
          <tbody>
            {units.map((u) => (
              <tr key={u.code}>
                <td>{u.code}</td>
                <th scope="row">{u.name}</th>
                <td>{u.levelLabel}</td>
                <td>{u.parentName ?? "—"}</td>
                <td>
                  {u.retiredFrom ? `Ngừng hoạt động từ ${formatDate(u.retiredFrom)}${u.retireReason ? `: ${u.retireReason}` : ""}` : "Đang hoạt động"}
                  {u.isDefault ? " · địa chỉ ngắn mặc định" : ""}
                  {u.hostName ? ` · tên miền ${u.hostName}` : ""}
                </td>
                <td>
                  {u.retiredFrom || (u.level === "province" && !deploymentWide) ? null : (
                    <UnitActions unit={u} errors={errors} deploymentWide={deploymentWide} provinces={activeProvinces} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>

      <section aria-labelledby="them-don-vi">
        <h2 id="them-don-vi">Thêm đơn vị</h2>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="add" />
          {deploymentWide ? (
            <div className={`field${addErrors?.level ? " field--error" : ""}`}>
              <label htmlFor="level">{ADD_LABELS.level}</label>
              <FieldError id="level" message={addErrors?.level} />
              <select id="level" name="level" defaultValue={values?.level ?? "commune"}>
                <option value="commune">{levelLabels.commune}</option>
                <option value="province">{levelLabels.province}</option>
              </select>
            </div>
          ) : null}
          <TextField id="code" label={`${ADD_LABELS.code} (5 chữ số cho xã, phường; 2 chữ số cho tỉnh)`} error={addErrors?.code} defaultValue={values?.code} inputMode="numeric" maxLength={5} required />
          <TextField id="name" label={ADD_LABELS.name} error={addErrors?.name} defaultValue={values?.name} maxLength={UNIT_LIMITS.nameMax} required />
          {deploymentWide ? (
            <div className={`field${addErrors?.parentCode ? " field--error" : ""}`}>
              <label htmlFor="parentCode">{ADD_LABELS.parentCode} (với xã, phường)</label>
              <FieldError id="parentCode" message={addErrors?.parentCode} />
              <select id="parentCode" name="parentCode" defaultValue={values?.parentCode ?? activeProvinces[0]?.code ?? ""}>
                {activeProvinces.map((p) => (
                  <option key={p.code} value={p.code}>
                    {p.name} ({p.code})
                  </option>
                ))}
              </select>
            </div>
          ) : (
            <p>Xã, phường mới thuộc {province?.name} và áp dụng danh mục của tỉnh.</p>
          )}
          <TextField id="hostName" label={`${ADD_LABELS.hostName} (không bắt buộc, ví dụ xa-hoa-an.hanoi.gov.vn)`} error={addErrors?.hostName} defaultValue={values?.hostName} maxLength={253} />
          <p>
            <button type="submit" className="button">
              Thêm đơn vị
            </button>
          </p>
        </Form>
      </section>
    </main>
  );
}

function UnitActions({
  unit,
  errors,
  deploymentWide,
  provinces,
}: {
  unit: { code: string; name: string; level: string; parentCode: string | null };
  errors: Record<string, string> | undefined;
  deploymentWide: boolean;
  provinces: { code: string; name: string }[];
}) {
  const id = (field: string) => `${field}-${unit.code}`;
  const others = provinces.filter((p) => p.code !== unit.parentCode);
  return (
    <div className="stack">
      {deploymentWide && unit.level === "commune" && others.length > 0 ? (
        <details open={errors?.[id("parentCode")] !== undefined}>
          <summary>Chuyển sang tỉnh khác</summary>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="move" />
            <input type="hidden" name="code" value={unit.code} />
            <div className={`field${errors?.[id("parentCode")] ? " field--error" : ""}`}>
              <label htmlFor={id("parentCode")}>Tỉnh, thành phố mới của {unit.name}</label>
              <FieldError id={id("parentCode")} message={errors?.[id("parentCode")]} />
              <select id={id("parentCode")} name="parentCode">
                {others.map((p) => (
                  <option key={p.code} value={p.code}>
                    {p.name} ({p.code})
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="button button--secondary">
              Chuyển
            </button>
          </Form>
        </details>
      ) : null}
      <details open={[id("retiredFrom"), id("reason"), id("code")].some((k) => errors?.[k] !== undefined)}>
        <summary>Ngừng hoạt động</summary>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="retire" />
          <input type="hidden" name="code" value={unit.code} />
          <FieldError id={id("code")} message={errors?.[id("code")]} />
          <TextField id={id("retiredFrom")} label={`Ngừng hoạt động từ ngày (dd/mm/yyyy)`} error={errors?.[id("retiredFrom")]} placeholder="01/07/2027" maxLength={10} />
          <TextField id={id("reason")} label="Lý do (ví dụ số nghị quyết sáp nhập)" error={errors?.[id("reason")]} maxLength={UNIT_LIMITS.reasonMax} />
          <button type="submit" className="button button--danger">
            Ghi ngừng hoạt động
          </button>
        </Form>
      </details>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Đơn vị hành chính – Quản trị – Niêm Yết" }];
