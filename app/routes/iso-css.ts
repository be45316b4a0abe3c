import { ISO_CSS } from "~/documents/iso/iso-css";

/** `/tai-lieu-iso.css`: the stylesheet of ISO documents (app/documents/iso/iso-css.ts), for the admin's view. */
export function loader() {
  return new Response(ISO_CSS, { headers: { "Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=3600" } });
}
