/**
 * Remix options and the route table.
 *
 * The Remix Vite plugin never reads this file on its own: vite.config.ts imports it and passes it to the
 * plugin (see docs/decisions/001-stack.md). Routes are listed here explicitly instead of being derived from
 * file names, so a newcomer finds every URL of the app, and the module that serves it, in one place.
 */

/** @type {import("@remix-run/dev").VitePluginConfig} */
const config = {
  appDirectory: "app",
  serverModuleFormat: "esm",
  ignoredRouteFiles: ["**/*"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_singleFetch: true,
    v3_lazyRouteDiscovery: true,
  },
  routes(defineRoutes) {
    return defineRoutes((route) => {
      // Public pages (server-rendered, work without JavaScript), for the short URLs ("": the default commune or
      // the host name's), for each commune of a many-commune deployment (/xa/<code>), and for staff previewing a
      // release before it goes live (/xem-truoc/<code>/<number>; app/utils/workspace.server.ts)
      const publicPages = [
        ["", "routes/home.tsx", "home"],
        ["/thu-tuc", "routes/procedures.tsx", "procedures"],
        ["/sitemap.xml", "routes/sitemap.ts", "sitemap"],
        ["/quy-tac-ung-xu", "routes/code-of-conduct.tsx", "code-of-conduct"],
        ["/chinh-sach-chat-luong", "routes/quality.tsx", "quality"],
        ["/thay-doi", "routes/changes.tsx", "changes"],
        ["/thu-tuc/:code", "routes/procedure.tsx", "procedure"],
        ["/quy-trinh/:code", "routes/process.tsx", "process"],
        ["/bieu-mau/:code", "routes/form.tsx", "form"],
      ];
      for (const [prefix, idPrefix] of [["", null], ["/xa/:unit", "commune"], ["/xem-truoc/:unit/:release", "preview"]]) {
        for (const [path, file, id] of publicPages) {
          if (prefix === "" && path === "") route("/", file, { index: true });
          else if (prefix === "") route(path, file);
          else route(`${prefix}${path}`, file, { id: `${idPrefix}-${id}` });
        }
      }
      route("/robots.txt", "routes/robots.ts");
      route("/tai-lieu-iso.css", "routes/iso-css.ts");
      // The read-only JSON API (app/routes/api/api.server.ts) and its page for developers
      route("/api", "routes/api-docs.tsx");
      route("/api/v1/openapi.json", "routes/api/openapi.ts");
      route("/api/v1/units/:unit/procedures", "routes/api/procedures.ts");
      route("/api/v1/units/:unit/procedures/:code", "routes/api/procedure.ts");
      route("/api/v1/units/:unit/releases", "routes/api/releases.ts", { id: "api-releases" });
      route("/api/v1/units/:unit/releases/:number", "routes/api/releases.ts", { id: "api-release" });
      route("/api/v1/units/:unit/cpsv-ap.jsonld", "routes/api/cpsv-ap.ts");
      route("/api/v1/cpsv-ap.context.jsonld", "routes/api/cpsv-ap-context.ts");
      // Signing in and out
      route("/login", "routes/login.tsx");
      route("/logout", "routes/logout.ts");
      // Admin (every loader and action checks its permission with requireUser)
      route("/admin", "routes/admin/layout.tsx", () => {
        route("", "routes/admin/index.tsx", { index: true });
        route("users", "routes/admin/users.tsx");
        route("units", "routes/admin/units.tsx");
        route("releases", "routes/admin/releases.tsx");
        // The notice-board print pack of a release (app/documents/print-pack.server.ts)
        route("releases/:number/ban-in", "routes/admin/print-pack.tsx");
        route("audit", "routes/admin/audit.tsx");
        // The consistency report of the unit (app/domain/consistency.ts), the same rules as `npm run cli -- check`
        route("kiem-tra", "routes/admin/consistency.tsx");
        route("settings", "routes/admin/settings.tsx");
        // A province's procedure list (.xlsx, .csv) into the catalog (app/imports/list/)
        route("nhap/danh-sach", "routes/admin/imports/list.tsx");
        route("mdx-preview", "routes/admin/mdx-preview.ts");
        // The unit switcher (app/utils/workspace.server.ts)
        route("don-vi", "routes/admin/unit-switch.ts");
        // Custom fields an admin adds to a document kind (app/domain/custom-fields.ts)
        route("tai-lieu-iso", "routes/admin/iso/index.tsx");
        route("tai-lieu-iso/:kind/:key", "routes/admin/iso/document.tsx");
        route("custom-fields", "routes/admin/custom-fields/index.tsx");
        route("custom-fields/:kind", "routes/admin/custom-fields/kind.tsx");
        // Importing national-portal records (app/imports/portal): upload, preview (dry run), result
        route("nhap/cong-dich-vu-cong", "routes/admin/imports/portal-upload.tsx");
        route("nhap/cong-dich-vu-cong/xem-truoc", "routes/admin/imports/portal-preview.tsx");
        route("nhap/cong-dich-vu-cong/ket-qua", "routes/admin/imports/portal-result.tsx");
        // Every document kind of app/domain/kinds: its list, and the editor of one document
        route(":kind", "routes/admin/documents/list.tsx");
        route(":kind/:key", "routes/admin/documents/edit.tsx");
        route(":kind/:key/history", "routes/admin/documents/history.tsx");
        route(":kind/:key/diff", "routes/admin/documents/diff.tsx");
      });
      // Spreadsheet exports (app/exports), each as .xlsx and as CSV: the catalog in force, a release's list, the
      // consistency report and the audit log (with the audit page's filters)
      const exports = [
        ["/admin/danh-muc", "routes/admin/exports/catalog.ts", "catalog"],
        ["/admin/releases/:number/danh-muc", "routes/admin/exports/release.ts", "release"],
        ["/admin/kiem-tra", "routes/admin/exports/report.ts", "report"],
        ["/admin/audit", "routes/admin/exports/audit.ts", "audit"],
      ];
      for (const [path, file, id] of exports) {
        for (const format of ["xlsx", "csv"]) route(`${path}.${format}`, file, { id: `export-${id}-${format}` });
      }
      route("/admin/tai-lieu-iso/:kind/:key/:format", "routes/admin/iso/download.ts");
      route("/admin/ho-so-danh-gia.zip", "routes/admin/iso/audit-pack.ts");
      // The commune's live release as a static site, zipped (app/static-site)
      route("/admin/trang-tinh.zip", "routes/admin/site-export.ts");
      // The print pack as a whole document, print-ready (HTML) and as a PDF (Chromium); `?phan=` for one part
      route("/admin/releases/:number/ban-in/trang-in", "routes/admin/print-pack-document.ts", { id: "print-pack-html" });
      route("/admin/releases/:number/ban-in.pdf", "routes/admin/print-pack-document.ts", { id: "print-pack-pdf" });
      // Operations
      route("/healthz", "routes/healthz.ts");
      route("/readyz", "routes/readyz.ts");
      // Anything else: Vietnamese 404 page
      route("*", "routes/not-found.tsx");
    });
  },
};

export default config;
