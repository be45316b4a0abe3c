import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, FieldError } from "~/components/ui/ErrorSummary";
import { TextField } from "~/components/ui/TextField";
import { ACCOUNT_LIMITS } from "~/domain/limits";
import { formatDateTime } from "~/domain/format";
import { ROLE_LABELS, ROLES } from "~/domain/permissions";
import { listUsers } from "~/models/user.server";
import { clientAddressOf } from "~/utils/auth.server";
import { requireWorkspace } from "~/utils/workspace.server";
import { getDb } from "~/utils/db.server";
import { redirectWithFlash, takeFlash } from "~/utils/flash.server";
import { MIN_PASSWORD_LENGTH } from "~/utils/password.server";
import { managesAccount, runUsersAction } from "./users.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user: me, unit, units } = await requireWorkspace(request, "users:manage");
  // An admin sees the accounts of the units they act in; a deployment-wide admin sees every account.
  const users = (await listUsers(getDb())).filter((u) => managesAccount(me, units, u));
  const unitNames = Object.fromEntries(units.map((u) => [u.code, u.name]));
  const flash = await takeFlash(request);
  return data(
    {
      users: users.map((u) => ({ ...u, unitName: u.unitCode ? (unitNames[u.unitCode] ?? u.unitCode) : "Toàn hệ thống" })),
      meId: me.id,
      minPassword: MIN_PASSWORD_LENGTH,
      flash: flash.message,
      unitChoices: [...(me.unitCode === null ? [{ code: "", name: "Toàn hệ thống (mọi đơn vị)" }] : []), ...units.map((u) => ({ code: u.code, name: `${u.name} (${u.code})` }))],
      currentUnit: unit.code,
    },
    { headers: flash.headers },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user: me, units } = await requireWorkspace(request, "users:manage");
  const form = await request.formData();
  const result = await runUsersAction(getDb(), form, me, { name: me.username, clientAddress: clientAddressOf(context) }, units);
  // Post → redirect → get: a refresh never submits again; the message shows once on the page.
  if (result.ok) return redirectWithFlash(request, "/admin/users", result.message);
  return data(result, { status: 400 });
}

const CREATE_LABELS = { username: "Tên đăng nhập", displayName: "Họ và tên", unitCode: "Đơn vị", password: "Mật khẩu", roles: "Vai trò" };

export default function Users() {
  const { users, meId, minPassword, flash, unitChoices, currentUnit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && !result.ok ? result.errors : undefined;
  const createErrors = result && !result.ok && result.intent === "create" ? result.errors : undefined;
  const rowLabels = Object.fromEntries(users.flatMap((u) => [[`roles-${u.id}`, `Vai trò của ${u.username}`], [`password-${u.id}`, `Mật khẩu mới của ${u.username}`]]));
  return (
    <main id="noi-dung" className="page page--wide">
      <h1>Tài khoản</h1>
      {flash ? (
        <p className="notice" role="status">
          {flash}
        </p>
      ) : null}
      <ErrorSummary errors={errors} labels={{ ...CREATE_LABELS, ...rowLabels }} />

      <table className="users">
        <caption className="visually-hidden">Danh sách tài khoản</caption>
        <thead>
          <tr>
            <th scope="col">Tài khoản</th>
            <th scope="col">Trạng thái</th>
            <th scope="col">Vai trò</th>
            <th scope="col">Đặt lại mật khẩu</th>
            <th scope="col">Khóa / mở</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <th scope="row">
                {u.displayName}
                <br />
                <span className="code">{u.username}</span>
                <br />
                <span className="code">{u.unitName}</span>
                <br />
                <span className="code">tạo lúc {formatDateTime(u.createdAt)}</span>
              </th>
              <td>{u.isActive ? "Đang hoạt động" : "Đã khóa"}</td>
              <td>
                <Form method="post" className="stack">
                  <input type="hidden" name="intent" value="roles" />
                  <input type="hidden" name="userId" value={u.id} />
                  <fieldset id={`roles-${u.id}`}>
                    <legend className="visually-hidden">Vai trò của {u.username}</legend>
                    <FieldError id={`roles-${u.id}`} message={errors?.[`roles-${u.id}`]} />
                    {ROLES.map((role) => (
                      <label key={role} className="checkbox">
                        <input type="checkbox" name="roles" value={role} defaultChecked={u.roles.includes(role)} /> {ROLE_LABELS[role]}
                      </label>
                    ))}
                  </fieldset>
                  <button type="submit" className="button button--secondary">
                    Lưu vai trò
                  </button>
                </Form>
              </td>
              <td>
                <Form method="post" className="stack">
                  <input type="hidden" name="intent" value="password" />
                  <input type="hidden" name="userId" value={u.id} />
                  <label htmlFor={`password-${u.id}`}>Mật khẩu mới (ít nhất {minPassword} ký tự)</label>
                  <FieldError id={`password-${u.id}`} message={errors?.[`password-${u.id}`]} />
                  <input id={`password-${u.id}`} name="password" type="password" autoComplete="new-password" maxLength={ACCOUNT_LIMITS.passwordMax} />
                  <button type="submit" className="button button--secondary">
                    Đặt lại
                  </button>
                </Form>
              </td>
              <td>
                {u.id === meId ? (
                  <span className="code">(tài khoản của bạn)</span>
                ) : (
                  <Form method="post">
                    <input type="hidden" name="intent" value={u.isActive ? "deactivate" : "reactivate"} />
                    <input type="hidden" name="userId" value={u.id} />
                    <button type="submit" className="button button--secondary">
                      {u.isActive ? "Khóa tài khoản" : "Mở lại"}
                    </button>
                  </Form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Thêm tài khoản</h2>
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="create" />
        <TextField
          id="username"
          label={CREATE_LABELS.username}
          error={createErrors?.username}
          autoComplete="off"
          autoCapitalize="none"
          defaultValue={result && !result.ok ? result.values?.username : ""}
          maxLength={ACCOUNT_LIMITS.usernameMax}
        />
        <TextField
          id="displayName"
          label={CREATE_LABELS.displayName}
          error={createErrors?.displayName}
          defaultValue={result && !result.ok ? result.values?.displayName : ""}
          maxLength={ACCOUNT_LIMITS.displayNameMax}
        />
        <div className="field">
          <label htmlFor="unitCode">{CREATE_LABELS.unitCode}</label>
          <FieldError id="unitCode" message={createErrors?.unitCode} />
          <select id="unitCode" name="unitCode" defaultValue={currentUnit}>
            {unitChoices.map((u) => (
              <option key={u.code} value={u.code}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
        <TextField
          id="password"
          label={`${CREATE_LABELS.password} (ít nhất ${minPassword} ký tự)`}
          error={createErrors?.password}
          type="password"
          autoComplete="new-password"
          maxLength={ACCOUNT_LIMITS.passwordMax}
        />
        <fieldset id="roles" className="field">
          <legend>{CREATE_LABELS.roles}</legend>
          <FieldError id="roles" message={createErrors?.roles} />
          {ROLES.map((role) => (
            <label key={role} className="checkbox">
              <input type="checkbox" name="roles" value={role} /> {ROLE_LABELS[role]}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button">
          Tạo tài khoản
        </button>
      </Form>
    </main>
  );
}

export const meta: MetaFunction = () => [{ title: "Tài khoản – Niêm Yết" }];
