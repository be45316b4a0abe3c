/**
 * Search text for Vietnamese: lower case, without diacritics, đ → d, spaces collapsed. "Đăng ký khai sinh",
 * "dang ky khai sinh" and "ĐĂNG KÝ KHAI SINH" all fold to "dang ky khai sinh". The store keeps each document's
 * folded key and title (documents.search_text) and queries are folded the same way.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** How admin lists can be sorted. */
export const LIST_SORTS = ["title", "key", "updated"] as const;
export type ListSort = (typeof LIST_SORTS)[number];
