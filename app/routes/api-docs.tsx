import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PublicPage } from "~/components/PublicPage";
import { TableWrap } from "~/components/ui/TableWrap";
import { todayInVietnam } from "~/domain/format";
import { API_LIMITS } from "~/domain/limits";
import { getOrganization } from "~/models/procedure.server";
import { getDb } from "~/utils/db.server";
import { listPublicCommunes, publicUnitOf } from "~/utils/workspace.server";

/** `/api`: the JSON API for other systems (the province's portal, search engines), in words, with live examples. */
export async function loader({ request }: LoaderFunctionArgs) {
  const origin = new URL(request.url).origin;
  const shown = await publicUnitOf(request, {});
  const communes = await listPublicCommunes(getDb());
  const example = shown?.unit.code ?? communes[0]?.code ?? "00000";
  const organization = shown?.catalog ? await getOrganization(shown.catalog, { today: todayInVietnam(), unit: shown.unit.code }) : null;
  return { origin, example, organization, communes, limits: API_LIMITS };
}

export default function ApiDocs() {
  const { origin, example, organization, communes, limits } = useLoaderData<typeof loader>();
  const api = `${origin}/api/v1`;
  const endpoints = [
    [`/units/{mã xã}/procedures`, "Danh sách thủ tục đang niêm yết: q (từ khóa, không dấu cũng được), field (mã lĩnh vực), page, pageSize (tối đa " + limits.pageSizeMax + ")", `${api}/units/${example}/procedures?q=khai+sinh`],
    [`/units/{mã xã}/procedures/{mã thủ tục}`, "Một thủ tục đầy đủ: trình tự, cách thức, thời hạn, phí, lệ phí, hồ sơ, biểu mẫu, quy trình", `${api}/units/${example}/procedures/1.001193`],
    [`/units/{mã xã}/releases`, "Các bản niêm yết đã công bố", `${api}/units/${example}/releases`],
    [`/units/{mã xã}/releases/{số}`, "Một bản niêm yết và các thay đổi so với bản trước", `${api}/units/${example}/releases/1`],
    [
      `/units/{mã xã}/cpsv-ap.jsonld`,
      "Danh mục đang niêm yết theo chuẩn châu Âu CPSV-AP 3.2 (JSON-LD): dịch vụ công, cơ quan có thẩm quyền, cách thức, phí, lệ phí, căn cứ pháp lý, hồ sơ, kết quả",
      `${api}/units/${example}/cpsv-ap.jsonld`,
    ],
    ["/cpsv-ap.context.jsonld", "Bản sao ngữ cảnh JSON-LD chính thức của CPSV-AP 3.2.0, cho hệ thống không truy cập được địa chỉ gốc", `${api}/cpsv-ap.context.jsonld`],
    ["/openapi.json", "Mô tả OpenAPI 3.1 của toàn bộ API", `${api}/openapi.json`],
  ] as const;
  return (
    <PublicPage organization={organization} base="">
      <h1>API dữ liệu thủ tục hành chính</h1>
      <p>
        Các hệ thống khác (cổng thông tin của tỉnh, công cụ tìm kiếm, ứng dụng) đọc danh mục thủ tục hành chính đang niêm yết của từng xã,
        phường qua API chỉ đọc, trả về JSON. Dữ liệu đúng như trang công khai: bản niêm yết đang có hiệu lực.
      </p>
      <TableWrap label="Các địa chỉ của API">
        <table>
          <thead>
            <tr>
              <th scope="col">Địa chỉ (sau {api})</th>
              <th scope="col">Nội dung</th>
              <th scope="col">Ví dụ</th>
            </tr>
          </thead>
          <tbody>
            {endpoints.map(([path, what, sample]) => (
              <tr key={path}>
                <th scope="row">
                  <code>GET {path}</code>
                </th>
                <td>{what}</td>
                <td>
                  <a href={sample}>{sample.replace(origin, "")}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <h2>Quy ước</h2>
      <ul>
        <li>Mỗi câu trả lời có ETag: gửi lại yêu cầu với If-None-Match, nếu dữ liệu không đổi thì nhận 304 (không có nội dung).</li>
        <li>Đọc được từ trang web ở tên miền khác (CORS mở cho GET).</li>
        <li>
          Tối đa {limits.requestsPerMinute} yêu cầu mỗi phút từ một địa chỉ; quá mức nhận 429 kèm Retry-After (số giây cần chờ).
        </li>
        <li>Lỗi có dạng {'{"error": {"status": 404, "message": "…"}}'}, thông báo bằng tiếng Việt.</li>
      </ul>
      {communes.length > 1 ? (
        <>
          <h2>Mã các xã, phường</h2>
          <ul>
            {communes.map((c) => (
              <li key={c.code}>
                {c.code}: {c.name}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </PublicPage>
  );
}

export const meta: MetaFunction = () => [{ title: "API dữ liệu thủ tục hành chính – Niêm Yết" }];
