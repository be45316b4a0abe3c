import type { Fee, LocalOverride, Organization, Procedure, Process } from "~/generated";
import { KINDS, referencesIn, type DocumentKind } from "./kinds";
import { formatDate, formatDuration, formatNumber } from "./format";
import { isOverridable, overrideKey } from "./overrides";
import { compareStepTimes, formatWorkingTime, toWorkingCentihours, type Duration } from "./process-time";

/**
 * The consistency rules of a unit's catalog (docs/decisions/018-consistency-rules.md): what an auditor would find
 * wrong across documents that are each valid on their own. One rule set, read by `npm run cli -- check` (over the
 * catalog files) and by the admin page /admin/kiem-tra (over the documents in force); the catalog check and the
 * editor's save check block the step-time rule through `stepTimeFindings`. Pure: the caller gives the documents
 * as the unit applies them (its province's with its local overrides set) and today's date.
 */

export const RULES = {
  "step-time": { title: "Tổng thời gian các bước khác thời hạn giải quyết", severity: "error" },
  "step-time-unit": { title: "Đơn vị thời gian của bước có lẽ bị nhầm (giờ và ngày làm việc)", severity: "error" },
  "step-time-unchecked": { title: "Thời hạn giải quyết không tính bằng ngày hay giờ làm việc nên chưa đối chiếu được với các bước", severity: "warning" },
  "form-missing": { title: "Biểu mẫu được dẫn chiếu nhưng không có hoặc chưa được duyệt", severity: "error" },
  "responsible-unknown": { title: "Đơn vị thực hiện bước không có trong cơ cấu của xã, phường", severity: "error" },
  "departments-missing": { title: "Chưa khai báo bộ phận, công chức của đơn vị nên chưa đối chiếu được trách nhiệm", severity: "warning" },
  "procedure-without-process": { title: "Thủ tục niêm yết nhưng chưa có quy trình nội bộ", severity: "warning" },
  "process-for-retired-procedure": { title: "Quy trình phục vụ thủ tục đã bãi bỏ hoặc hết hiệu lực", severity: "warning" },
  "form-superseded": { title: "Biểu mẫu được dẫn chiếu đã hết hiệu lực", severity: "warning" },
  "fee-without-legal-basis": { title: "Phí, lệ phí chưa ghi căn cứ pháp lý", severity: "warning" },
  "fee-expired": { title: "Mức thu phí, lệ phí đã hết hiệu lực mà chưa có mức thu mới", severity: "warning" },
  "review-overdue": { title: "Tài liệu đã quá ngày rà soát định kỳ", severity: "warning" },
  "procedure-without-publication": { title: "Thủ tục chưa ghi quyết định công bố", severity: "warning" },
} as const satisfies Record<string, { title: string; severity: Severity }>;

export type RuleId = keyof typeof RULES;
export type Severity = "error" | "warning";

/** Rules in the order reports show them: errors first. */
export const RULE_IDS = (Object.keys(RULES) as RuleId[]).sort((a, b) => severityRank(RULES[a].severity) - severityRank(RULES[b].severity));

function severityRank(severity: Severity): number {
  return severity === "error" ? 0 : 1;
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  kind: DocumentKind;
  /** The document's key; empty when the document to write does not exist yet (the unit has no profile). */
  code: string;
  /** JSON pointer of the field to fix. */
  pointer: string;
  fieldTitle: string;
  message: string;
}

export interface UnitDocument {
  kind: DocumentKind;
  code: string;
  body: unknown;
  /** No longer in force (workflow status retired); kept so references to it can say so. */
  retired?: boolean;
  /** False: a province procedure the commune does not list. */
  listed?: boolean;
}

export interface ConsistencyInput {
  /** Every document the unit applies, as it applies them. */
  documents: readonly UnitDocument[];
  /** The unit's profile; the responsibility rule runs for a commune only. */
  organization: { code: string; body: Organization } | null;
  isCommune: boolean;
  /** YYYY-MM-DD (Vietnam). */
  today: string;
  /** The title of the field at a pointer of a kind's schema (app/utils/validation.server.ts `fieldLabel`). */
  fieldTitle: (kind: DocumentKind, pointer: string) => string;
}

export const CHANNEL_LABELS: Record<Procedure["channels"][number]["type"], string> = {
  DIRECT: "Trực tiếp",
  ONLINE: "Trực tuyến",
  POSTAL: "Dịch vụ bưu chính",
};

type Draft = Omit<Finding, "severity" | "fieldTitle">;

export function checkConsistency(input: ConsistencyInput): Finding[] {
  const byKind = new Map<DocumentKind, Map<string, UnitDocument>>();
  for (const doc of input.documents) {
    const docs = byKind.get(doc.kind) ?? new Map<string, UnitDocument>();
    docs.set(doc.code, doc);
    byKind.set(doc.kind, docs);
  }
  const current = (kind: DocumentKind) => [...(byKind.get(kind)?.values() ?? [])].filter((d) => !d.retired);
  const lookup = (kind: DocumentKind, code: string) => byKind.get(kind)?.get(code);
  const drafts: Draft[] = [];

  for (const doc of current("process")) {
    const process = doc.body as Process;
    const procedures = (process.procedureCodes ?? []).flatMap((code) => {
      const found = lookup("procedure", code);
      return found ? [{ code, body: found.body as Procedure }] : [];
    });
    drafts.push(...stepTimeDrafts({ code: doc.code, body: process }, procedures));
    drafts.push(...retiredProcedureDrafts(doc.code, process, lookup));
  }
  for (const doc of current("procedure")) {
    if (doc.listed === false) continue;
    const procedure = doc.body as Procedure;
    if (procedure.status === "repealed") continue;
    drafts.push(...procedureDrafts(doc.code, procedure, lookup));
  }
  for (const doc of [...current("procedure"), ...current("process")]) drafts.push(...formDrafts(doc, lookup));
  for (const doc of current("fee")) drafts.push(...feeDrafts(doc.code, doc.body as Fee, input.today));
  for (const doc of input.documents.filter((d) => !d.retired)) {
    const reviewDate = (doc.body as { documentControl?: { reviewDate?: string } }).documentControl?.reviewDate;
    if (reviewDate && reviewDate < input.today) {
      drafts.push({
        rule: "review-overdue",
        kind: doc.kind,
        code: doc.code,
        pointer: "/documentControl/reviewDate",
        message: `${nameOf(doc)}: ngày rà soát định kỳ ${formatDate(reviewDate)} đã qua; cần rà soát và ghi ngày rà soát tiếp theo`,
      });
    }
  }
  if (input.isCommune) drafts.push(...responsibilityDrafts(input.organization, current("process")));

  return drafts
    .map((d) => ({ ...d, severity: RULES[d.rule].severity, fieldTitle: input.fieldTitle(d.kind, d.pointer) }))
    .sort((a, b) => RULE_IDS.indexOf(a.rule) - RULE_IDS.indexOf(b.rule));
}

/**
 * A finding on a province document's field that the commune sets for itself is the commune's to fix: it is moved to
 * that value of the commune's override (`overrides` by their key, `<kind>.<key>`).
 */
export function onOverrideValues(
  findings: readonly Finding[],
  overrides: ReadonlyMap<string, LocalOverride>,
  fieldTitle: ConsistencyInput["fieldTitle"],
): Finding[] {
  return findings.map((f) => {
    if (!isOverridable(f.kind)) return f;
    const key = overrideKey(f.kind, f.code);
    const index = (overrides.get(key)?.values ?? []).findIndex((v) => v.path === f.pointer);
    if (index < 0) return f;
    return { ...f, kind: "local-override", code: key, pointer: `/values/${index}/value`, fieldTitle: `${fieldTitle(f.kind, f.pointer)} (giá trị của đơn vị)` };
  });
}

const nameOf = (doc: UnitDocument) => `${KINDS[doc.kind].label} «${doc.code}»`;

/**
 * A process's step times against the time limit of each channel of each procedure it serves. When the difference
 * is explained by a unit written wrong (steps in hours against a limit with the same number of days, or one step
 * in days among steps in hours), the finding says so instead of only giving the two totals.
 */
export function stepTimeFindings(
  process: { code: string; body: Process },
  procedures: readonly { code: string; body: Procedure }[],
  fieldTitle: (kind: DocumentKind, pointer: string) => string,
): Finding[] {
  return stepTimeDrafts(process, procedures).map((d) => ({ ...d, severity: RULES[d.rule].severity, fieldTitle: fieldTitle(d.kind, d.pointer) }));
}

function stepTimeDrafts(process: { code: string; body: Process }, procedures: readonly { code: string; body: Procedure }[]): Draft[] {
  if (process.body.type !== "procedure") return [];
  const steps = process.body.steps;
  const drafts: Draft[] = [];
  const at = (pointer: string, rule: RuleId, message: string): Draft => ({ rule, kind: "process", code: process.code, pointer, message });
  for (const procedure of procedures) {
    const served = process.body.channels;
    // Of several channels of one kind (the commune's desk, a notary office…), the process runs one: it must agree
    // with at least one of them, and only when none agrees are they reported.
    const channels = procedure.body.channels.filter(
      (ch, _, all) =>
        (!served || served.includes(ch.type)) &&
        !all.some((other) => other.type === ch.type && compareStepTimes(steps, other.timeLimit as Duration).kind === "ok"),
    );
    for (const channel of channels) {
      const limit = channel.timeLimit as Duration;
      const result = compareStepTimes(steps, limit);
      if (result.kind === "unconvertible-step") {
        drafts.push(
          at(
            `/steps/${result.stepIndex}/duration`,
            "step-time",
            "Thời gian của bước phải tính bằng ngày làm việc hoặc giờ làm việc để đối chiếu với thời hạn giải quyết",
          ),
        );
        break;
      }
      if (result.kind === "limit-not-comparable") {
        // A limit in calendar days, months or only in words: said, never passed silently.
        drafts.push(
          at(
            "/steps",
            "step-time-unchecked",
            `Không đối chiếu được thời gian các bước với thời hạn giải quyết của thủ tục «${procedure.code}» theo cách thức ` +
              `${CHANNEL_LABELS[channel.type]} («${formatDuration(limit) || "không ghi"}»): thời hạn không tính bằng ngày hay giờ làm việc; hãy đối chiếu bằng tay`,
          ),
        );
        continue;
      }
      if (result.kind !== "mismatch") continue;
      const unit = limit.unit === "working_hours" ? "working_hours" : "working_days";
      const against = `thời hạn giải quyết của thủ tục «${procedure.code}» theo cách thức ${CHANNEL_LABELS[channel.type]} (${formatWorkingTime(result.limit, unit)})`;
      const mixUp = unitMixUp(steps, limit);
      if (mixUp?.kind === "all-steps") {
        drafts.push(
          at(
            "/steps",
            "step-time-unit",
            `Các bước cộng lại ${formatNumber(mixUp.sum)} ${UNIT_NAMES[mixUp.stepUnit]}, đúng bằng số ${UNIT_NAMES[limit.unit as TimeUnit]} của ${against}: ` +
              `đơn vị thời gian của các bước có lẽ bị nhầm giữa giờ và ngày làm việc`,
          ),
        );
      } else if (mixUp?.kind === "one-step") {
        const step = steps[mixUp.stepIndex];
        const explains = mixUp.explains ? `; tính bằng ${UNIT_NAMES[mixUp.otherUnit]} thì tổng các bước khớp thời hạn` : "";
        drafts.push(
          at(
            `/steps/${mixUp.stepIndex}/duration/unit`,
            "step-time-unit",
            `Bước ${step.order} «${step.name}» ghi ${formatNumber(step.duration.value)} ${UNIT_NAMES[mixUp.stepUnit]} trong khi các bước khác tính bằng ` +
              `${UNIT_NAMES[mixUp.otherUnit]}: đơn vị có lẽ bị nhầm${explains}. Tổng các bước (${formatWorkingTime(result.total, unit)}) khác ${against}`,
          ),
        );
      } else {
        drafts.push(at("/steps", "step-time", `Tổng thời gian các bước (${formatWorkingTime(result.total, unit)}) khác ${against}`));
      }
    }
  }
  return drafts;
}

type TimeUnit = "working_days" | "working_hours";
const UNIT_NAMES: Record<TimeUnit, string> = { working_days: "ngày làm việc", working_hours: "giờ làm việc" };
const otherUnit = (unit: TimeUnit): TimeUnit => (unit === "working_days" ? "working_hours" : "working_days");
const isTimeUnit = (unit: string): unit is TimeUnit => unit === "working_days" || unit === "working_hours";

type MixUp =
  | { kind: "all-steps"; sum: number; stepUnit: TimeUnit }
  | { kind: "one-step"; stepIndex: number; stepUnit: TimeUnit; otherUnit: TimeUnit; explains: boolean };

/**
 * Why steps that do not add up to the limit may be a unit written wrong, or null. Steps of 0 (the last step, "trả
 * kết quả") say nothing about the unit and are left out.
 */
export function unitMixUp(steps: readonly { duration: Duration }[], limit: Duration): MixUp | null {
  const limitHours = toWorkingCentihours(limit);
  if (limitHours === null || !isTimeUnit(limit.unit)) return null;
  const timed = steps.map((s, i) => ({ i, d: s.duration })).filter((s) => s.d.value !== 0 && isTimeUnit(s.d.unit));
  if (timed.length === 0) return null;
  const units = new Set(timed.map((s) => s.d.unit));
  if (units.size === 1) {
    const stepUnit = timed[0].d.unit as TimeUnit;
    const sum = timed.reduce((n, s) => n + Math.round(s.d.value * 100), 0);
    return stepUnit !== limit.unit && sum === Math.round(limit.value * 100) ? { kind: "all-steps", sum: sum / 100, stepUnit } : null;
  }
  const total = timed.reduce((n, s) => n + toWorkingCentihours(s.d)!, 0);
  // One step flipped to the other unit makes the total right: that step's unit is the mistake.
  for (const s of timed) {
    const unit = s.d.unit as TimeUnit;
    const flipped = total - toWorkingCentihours(s.d)! + toWorkingCentihours({ value: s.d.value, unit: otherUnit(unit) })!;
    if (flipped === limitHours) return { kind: "one-step", stepIndex: s.i, stepUnit: unit, otherUnit: otherUnit(unit), explains: true };
  }
  // Otherwise a single step in a unit none of the others use (at least two others) is the likely mistake.
  for (const unit of units as Set<TimeUnit>) {
    const these = timed.filter((s) => s.d.unit === unit);
    if (these.length === 1 && timed.length - 1 >= 2) {
      return { kind: "one-step", stepIndex: these[0].i, stepUnit: unit, otherUnit: otherUnit(unit), explains: false };
    }
  }
  return null;
}

type Lookup = (kind: DocumentKind, code: string) => UnitDocument | undefined;

function retiredProcedureDrafts(code: string, process: Process, lookup: Lookup): Draft[] {
  return (process.procedureCodes ?? []).flatMap((procedureCode, i) => {
    const procedure = lookup("procedure", procedureCode);
    if (!procedure) return [];
    const repealed = (procedure.body as Procedure).status === "repealed";
    if (!repealed && !procedure.retired) return [];
    const why = repealed ? "đã bị bãi bỏ" : "đã hết hiệu lực";
    return [
      {
        rule: "process-for-retired-procedure" as const,
        kind: "process" as const,
        code,
        pointer: `/procedureCodes/${i}`,
        message: `Quy trình «${code}» phục vụ thủ tục «${procedureCode}» ${why}: bỏ thủ tục khỏi quy trình hoặc bãi bỏ quy trình`,
      },
    ];
  });
}

function procedureDrafts(code: string, procedure: Procedure, lookup: Lookup): Draft[] {
  const drafts: Draft[] = [];
  const processes = procedure.processCodes ?? [];
  const inForce = processes.filter((p) => {
    const found = lookup("process", p);
    return found && !found.retired;
  });
  if (inForce.length === 0) {
    const why = processes.length === 0 ? "chưa gắn quy trình nội bộ nào" : `các quy trình ${processes.map((p) => `«${p}»`).join(", ")} đều không còn hiệu lực`;
    drafts.push({ rule: "procedure-without-process", kind: "procedure", code, pointer: "/processCodes", message: `Thủ tục «${code}» ${procedure.name} ${why}` });
  }
  if (!procedure.publicationDecision) {
    drafts.push({
      rule: "procedure-without-publication",
      kind: "procedure",
      code,
      pointer: "/publicationDecision",
      message: `Thủ tục «${code}» ${procedure.name} chưa ghi quyết định công bố (số, ngày, cơ quan ban hành)`,
    });
  }
  return drafts;
}

function formDrafts(doc: UnitDocument, lookup: Lookup): Draft[] {
  return referencesIn(doc.kind, doc.body)
    .filter((ref) => ref.kind === "form")
    .flatMap((ref): Draft[] => {
      const form = lookup("form", ref.key);
      if (form && !form.retired) return [];
      const base = { kind: doc.kind, code: doc.code, pointer: ref.pointer };
      return form
        ? [{ ...base, rule: "form-superseded", message: `${nameOf(doc)} dẫn chiếu biểu mẫu «${ref.key}» đã hết hiệu lực: thay bằng biểu mẫu đang áp dụng` }]
        : [{ ...base, rule: "form-missing", message: `${nameOf(doc)} dẫn chiếu biểu mẫu «${ref.key}» không có trong danh mục hoặc chưa được duyệt` }];
    });
}

function feeDrafts(code: string, fee: Fee, today: string): Draft[] {
  const drafts: Draft[] = [];
  if ((fee.legalBasis ?? []).length === 0) {
    drafts.push({ rule: "fee-without-legal-basis", kind: "fee", code, pointer: "/legalBasis", message: `«${code}» ${fee.name} chưa ghi căn cứ pháp lý của mức thu` });
  }
  fee.rates.forEach((rate, i) => {
    if (!rate.effectiveTo || rate.effectiveTo >= today) return;
    const channel = rate.channel ?? null;
    const later = fee.rates.some((other) => (other.channel ?? null) === channel && other.effectiveFrom > rate.effectiveTo!);
    if (later) return;
    const where = rate.channel ? ` (cách thức ${CHANNEL_LABELS[rate.channel]})` : "";
    drafts.push({
      rule: "fee-expired",
      kind: "fee",
      code,
      pointer: `/rates/${i}/effectiveTo`,
      message: `«${code}» ${fee.name}: mức thu thứ ${i + 1}${where} áp dụng đến ${formatDate(rate.effectiveTo)} và không có mức thu nào sau đó`,
    });
  });
  return drafts;
}

/** Names compare after trimming and collapsing spaces, ignoring case. */
const normalName = (name: string) => name.trim().replace(/\s+/g, " ").toLocaleLowerCase("vi");

function responsibilityDrafts(organization: ConsistencyInput["organization"], processes: readonly UnitDocument[]): Draft[] {
  const departments = organization?.body.departments ?? [];
  if (departments.length === 0) {
    const timed = processes.some((p) => (p.body as Process).steps.length > 0);
    if (!timed) return [];
    return [
      {
        rule: "departments-missing",
        kind: "organization",
        code: organization?.code ?? "",
        pointer: "/departments",
        message: `Đơn vị chưa khai báo bộ phận, công chức nên chưa đối chiếu được trách nhiệm của các bước trong ${processes.length} quy trình`,
      },
    ];
  }
  const known = new Set(departments.flatMap((d) => [d.name, ...(d.alsoKnownAs ?? [])]).map(normalName));
  return processes.flatMap((doc) =>
    (doc.body as Process).steps.flatMap((step, i): Draft[] =>
      known.has(normalName(step.responsible))
        ? []
        : [
            {
              rule: "responsible-unknown",
              kind: "process",
              code: doc.code,
              pointer: `/steps/${i}/responsible`,
              message: `Quy trình «${doc.code}», bước ${step.order} «${step.name}»: «${step.responsible}» không phải bộ phận, công chức nào trong thông tin đơn vị`,
            },
          ],
    ),
  );
}
