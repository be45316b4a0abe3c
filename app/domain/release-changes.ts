import type { Change } from "./diff";
import { KINDS, type DocumentKind } from "./kinds";

/**
 * A release's change log against the release it was built on, in the domain's words: documents added, changed
 * (which fields, old → new, from app/domain/diff.ts) and removed, procedures first. Pure: the model computes the
 * field changes; this module orders them, bounds their size and counts them.
 */

export interface ReleaseChangeEntry {
  change: "added" | "changed" | "removed";
  kind: DocumentKind;
  key: string;
  title: string;
  /** For a change: the fields that changed (at most FIELD_CHANGES_MAX; `more` counts the rest). */
  fields?: Pick<Change, "kind" | "path" | "before" | "after">[];
  more?: number;
}

export interface ReleaseChangeLog {
  entries: ReleaseChangeEntry[];
  /** Entries left out past ENTRIES_MAX (a first release lists everything as added). */
  omitted: number;
  /** Procedures added, changed and removed, counted before any entry was left out. */
  procedures: ChangeCounts;
}

export const FIELD_CHANGES_MAX = 20;
export const ENTRIES_MAX = 2_000;
const VALUE_MAX = 300;

const KIND_ORDER: DocumentKind[] = ["procedure", "form", "fee", "process", "code-of-conduct", "quality", "organization", "field", "agency", "legal-document", "holiday-calendar"];

const cut = (text: string | undefined) => (text !== undefined && text.length > VALUE_MAX ? `${text.slice(0, VALUE_MAX)}…` : text);

export function fieldChanges(changes: readonly Change[]): Pick<ReleaseChangeEntry, "fields" | "more"> {
  const fields = changes.slice(0, FIELD_CHANGES_MAX).map((c) => ({ kind: c.kind, path: c.path, before: cut(c.before), after: cut(c.after) }));
  return changes.length > FIELD_CHANGES_MAX ? { fields, more: changes.length - FIELD_CHANGES_MAX } : { fields };
}

/** Orders the entries (procedures first, then by kind, then by title) and keeps at most ENTRIES_MAX. */
export function changeLog(entries: ReleaseChangeEntry[]): ReleaseChangeLog {
  const collator = new Intl.Collator("vi");
  const rank = (kind: DocumentKind) => {
    const at = KIND_ORDER.indexOf(kind);
    return at < 0 ? KIND_ORDER.length : at;
  };
  const order = { added: 0, changed: 1, removed: 2 };
  const sorted = [...entries].sort(
    (a, b) => rank(a.kind) - rank(b.kind) || order[a.change] - order[b.change] || collator.compare(a.title, b.title) || a.key.localeCompare(b.key),
  );
  const procedures = { added: 0, changed: 0, removed: 0 };
  for (const e of sorted) if (e.kind === "procedure") procedures[e.change]++;
  return { entries: sorted.slice(0, ENTRIES_MAX), omitted: Math.max(0, sorted.length - ENTRIES_MAX), procedures };
}

export interface ChangeCounts {
  added: number;
  changed: number;
  removed: number;
}

/** A release's status and a build's phase, as officers read them (the admin page and the CLI). */
export const RELEASE_STATUS_LABELS = { draft: "bản nháp", scheduled: "đã hẹn ngày hiệu lực", live: "đang niêm yết", superseded: "đã thay thế" } as const;
export const RELEASE_PHASE_LABELS = { start: "Bắt đầu", read: "Đọc các tài liệu đã phê duyệt", compare: "So sánh với bản đang niêm yết", write: "Ghi bản niêm yết" } as const;

const CHANGE_WORDS = { added: "Bổ sung", changed: "Sửa đổi", removed: "Bãi bỏ, không còn niêm yết" } as const;

/** "Sửa đổi thủ tục" … in the domain's words, for the change log's headings. */
export function describeEntry(entry: Pick<ReleaseChangeEntry, "change" | "kind">): string {
  return `${CHANGE_WORDS[entry.change]} ${KINDS[entry.kind].label.toLowerCase()}`;
}

/** The home page's "latest changes": the procedures the release added, changed or removed (at most `max`). */
export function latestChanges(log: ReleaseChangeLog, max = 10) {
  return log.entries
    .filter((e) => e.kind === "procedure")
    .slice(0, max)
    .map((e) => ({ change: e.change, key: e.key, title: e.title, label: describeEntry(e) }));
}
