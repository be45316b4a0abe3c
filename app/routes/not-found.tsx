import { DatabaseTroublePage, useDatabaseTrouble } from "~/components/DatabaseTrouble";
import type { MetaFunction } from "@remix-run/node";
import { NotFoundPage } from "~/components/NotFoundPage";

export function loader() {
  throw new Response("Không tìm thấy trang", { status: 404 });
}

export default function NotFound() {
  return <NotFoundPage />;
}

export const meta: MetaFunction = () => [{ title: "Không tìm thấy trang" }];

export function ErrorBoundary() {
  const trouble = useDatabaseTrouble();
  if (trouble) return <DatabaseTroublePage trouble={trouble} />;
  return <NotFoundPage />;
}
