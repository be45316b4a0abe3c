import type { Options, SearchOptions } from "minisearch";
import { foldForSearch } from "~/domain/search";

/**
 * The static site's offline search (minisearch): the index is built at export time (export.server.ts) and loaded
 * in the browser (client/search.ts) with these same options, so a query is folded as the server folds it (case
 * and diacritics ignored, đ = d: app/domain/search.ts) and every word must match, as on the server's /thu-tuc.
 */

/** One listed procedure, as the search page shows and filters it. */
export interface SearchDocument {
  /** The procedure code (minisearch's id). */
  id: string;
  name: string;
  /** Its page, relative to the site's root. */
  file: string;
  fieldCode: string;
  fieldName: string;
  onlineLevel: string | null;
  free: boolean;
  sameDay: boolean;
}

const fold = (term: string) => foldForSearch(term) || null;

export const INDEX_OPTIONS: Options<SearchDocument> = {
  fields: ["name", "id"],
  storeFields: ["name", "file", "fieldCode", "fieldName", "onlineLevel", "free", "sameDay"],
  processTerm: fold,
  searchOptions: { processTerm: fold },
};

export const QUERY_OPTIONS: SearchOptions = { combineWith: "AND", prefix: true, boost: { name: 2 } };

/** What the search page loads (assets/tim-kiem-du-lieu.js sets it on `window`, so it also works from file://). */
export interface SearchData {
  /** MiniSearch's own JSON of the index (MiniSearch.loadJSON with INDEX_OPTIONS). */
  index: string;
  documents: SearchDocument[];
}

export const SEARCH_DATA_GLOBAL = "NIEMYET_TIM_KIEM";
