import MiniSearch from "minisearch";
import { formatNumber } from "~/domain/format";
import { markWords } from "~/domain/public-search";
import { foldForSearch } from "~/domain/search";
import { INDEX_OPTIONS, QUERY_OPTIONS, SEARCH_DATA_GLOBAL, type SearchData, type SearchDocument } from "../search-index";

/**
 * The static site's search page (tim-kiem.html, in the browser): the query and filters of its address (the same
 * form and names as the server's /thu-tuc) answered from the index built at export time. Without JavaScript the
 * page is the plain list. Text from the address is only ever set as text, never as markup.
 */
function run() {
  const data = (window as unknown as Record<string, SearchData | undefined>)[SEARCH_DATA_GLOBAL];
  const list = document.querySelector<HTMLOListElement>("ol.procedure-list");
  const status = document.querySelector<HTMLElement>("main [role=status]");
  if (!data || !list || !status) return;
  const params = new URLSearchParams(window.location.search);
  const q = (params.get("q") ?? "").slice(0, 200);
  const filters = { field: params.get("linh-vuc") ?? "", online: params.get("muc-do") ?? "", free: params.get("mien-phi") === "1", sameDay: params.get("trong-ngay") === "1" };
  // The form shows what was asked.
  const set = (id: string, value: string) => {
    const input = document.getElementById(id) as HTMLInputElement | HTMLSelectElement | null;
    if (input) input.value = value;
  };
  set("q", q);
  set("linh-vuc", filters.field);
  set("muc-do", filters.online);
  for (const [id, on] of [["mien-phi", filters.free], ["trong-ngay", filters.sameDay]] as const) {
    const box = document.getElementById(id) as HTMLInputElement | null;
    if (box) box.checked = on;
  }
  const searching = Boolean(q.trim() || filters.field || filters.online || filters.free || filters.sameDay);
  if (!searching) return;

  const byId = new Map(data.documents.map((d) => [d.id, d]));
  const words = foldForSearch(q).split(" ").filter(Boolean);
  let found: SearchDocument[];
  if (words.length > 0) {
    const index = MiniSearch.loadJSON<SearchDocument>(data.index, INDEX_OPTIONS);
    found = index.search(q, QUERY_OPTIONS).flatMap((hit) => byId.get(String(hit.id)) ?? []);
  } else {
    found = [...data.documents];
  }
  found = found.filter(
    (d) => (!filters.field || d.fieldCode === filters.field) && (!filters.online || d.onlineLevel === filters.online) && (!filters.free || d.free) && (!filters.sameDay || d.sameDay),
  );

  // The results in the list's own markup (links relative to the site's root, where the search page is); the pages of
  // the plain list do not apply.
  list.replaceChildren();
  list.start = 1;
  for (const d of found) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = d.file;
    for (const part of markWords(d.name, words)) {
      const piece = document.createElement(part.match ? "mark" : "span");
      piece.textContent = part.text;
      link.append(piece);
    }
    const code = document.createElement("span");
    code.className = "code";
    code.textContent = `Mã ${d.id}`;
    const field = document.createElement("span");
    field.className = "field-name";
    field.textContent = d.fieldName;
    item.append(link, " ", code, " · ", field);
    list.append(item);
  }
  status.textContent = `Tìm thấy ${formatNumber(found.length)} thủ tục.`;
  document.querySelector("nav.pagination")?.remove();
  if (found.length === 0) {
    const none = document.createElement("p");
    none.textContent = "Không có thủ tục nào khớp. Hãy thử ít từ hơn, hoặc bỏ bớt điều kiện lọc.";
    list.after(none);
  }
}

run();
