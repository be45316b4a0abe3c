import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { clientAddressOf, signOut } from "~/utils/auth.server";

/** Sign-out is a POST (a link could be forged into a page); GET just goes home. */
export async function loader() {
  throw redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const setCookie = await signOut(request, clientAddressOf(context));
  throw redirect("/login", { headers: { "Set-Cookie": setCookie } });
}
