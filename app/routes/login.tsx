import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, type FieldErrors } from "~/components/ui/ErrorSummary";
import { TextField } from "~/components/ui/TextField";
import { ACCOUNT_LIMITS } from "~/domain/limits";
import { clientAddressOf, getCurrentUser, safeRedirectTarget, signIn } from "~/utils/auth.server";

const LABELS = { username: "Tên đăng nhập", password: "Mật khẩu" };

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = safeRedirectTarget(new URL(request.url).searchParams.get("redirectTo"));
  if (await getCurrentUser(request)) throw redirect(redirectTo);
  return { redirectTo };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const username = String(form.get("username") ?? "").trim();
  const password = String(form.get("password") ?? "");
  const redirectTo = safeRedirectTarget(form.get("redirectTo"));
  const errors: FieldErrors = {};
  if (!username) errors.username = "Nhập tên đăng nhập";
  // No account can have a longer name or password, so such input is refused before any lookup or record.
  else if (username.length > ACCOUNT_LIMITS.usernameMax) errors.username = `Tên đăng nhập không dài quá ${ACCOUNT_LIMITS.usernameMax} ký tự`;
  if (!password) errors.password = "Nhập mật khẩu";
  else if (password.length > ACCOUNT_LIMITS.passwordMax) errors.password = `Mật khẩu không dài quá ${ACCOUNT_LIMITS.passwordMax} ký tự`;
  if (Object.keys(errors).length) {
    return data({ errors, username: username.slice(0, ACCOUNT_LIMITS.usernameMax) }, { status: 400 });
  }

  const result = await signIn(request, { username, password, clientAddress: clientAddressOf(context) });
  if (!result.ok) {
    const headers = result.status === 429 ? { "Retry-After": String(result.retryAfter) } : undefined;
    return data({ errors: { _form: result.message } as FieldErrors, username }, { status: result.status, headers });
  }
  throw redirect(redirectTo, { headers: { "Set-Cookie": result.setCookie } });
}

export default function Login() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  return (
    <main id="noi-dung" className="page page--narrow">
      <h1>Đăng nhập</h1>
      <p>Dành cho cán bộ quản lý danh mục thủ tục hành chính.</p>
      <ErrorSummary errors={errors} labels={LABELS} />
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField
          id="username"
          label={LABELS.username}
          error={errors?.username}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          defaultValue={result?.username ?? ""}
          maxLength={ACCOUNT_LIMITS.usernameMax}
        />
        <TextField
          id="password"
          label={LABELS.password}
          error={errors?.password}
          type="password"
          autoComplete="current-password"
          maxLength={ACCOUNT_LIMITS.passwordMax}
        />
        <button type="submit" className="button">
          Đăng nhập
        </button>
      </Form>
    </main>
  );
}

/** A refused sign-in (429) tells the client when to try again. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers();
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};

export const meta: MetaFunction = () => [{ title: "Đăng nhập – Niêm Yết" }];
