import { renderMdx } from "~/utils/mdx.server";
import { optionsAt, titleAt } from "~/utils/schema-labels.server";

/** Words of the procedure page, read from schemas/procedure.schema.json so they match the editor's labels. */
export function procedurePageLabels() {
  const t = (...path: string[]) => titleAt("procedure", path);
  return {
    code: t("code"),
    field: "Lĩnh vực",
    level: t("level"),
    status: t("status"),
    onlineLevel: t("onlineLevel"),
    nonTerritorial: t("nonTerritorial"),
    steps: t("steps"),
    channels: t("channels"),
    channelType: t("channels", "type"),
    timeLimit: t("channels", "timeLimit"),
    fees: t("channels", "fees"),
    place: t("channels", "place"),
    hours: t("channels", "hours"),
    // Citizens know this section by its legal name, not by the editor's grouping label.
    cases: "Thành phần hồ sơ",
    componentName: t("cases", "components", "name"),
    originals: t("cases", "components", "originals"),
    copies: t("cases", "components", "copies"),
    required: t("cases", "components", "required"),
    form: "Mẫu đơn, tờ khai",
    subjects: t("subjects"),
    agencies: t("agencies"),
    results: t("results"),
    legalBasis: t("legalBasis"),
    requirements: t("requirements"),
    publicationDecision: t("publicationDecision"),
    publicationHistory: t("publicationHistory"),
    otherLevels: t("otherLevels"),
    caseTimeLimit: t("cases", "timeLimit"),
    templates: t("cases", "components", "templates"),
    isResult: t("cases", "components", "isResult"),
    agencyAddress: t("agencies", "address"),
    processes: t("processCodes"),
    notes: t("notes"),
    options: {
      level: optionsAt("procedure", ["level"]),
      status: optionsAt("procedure", ["status"]),
      onlineLevel: optionsAt("procedure", ["onlineLevel"]),
      channelType: optionsAt("procedure", ["channels", "type"]),
      feeKind: optionsAt("procedure", ["channels", "fees", "kind"]),
      agencyRole: optionsAt("procedure", ["agencies", "role"]),
      publicationAction: optionsAt("procedure", ["publicationDecision", "action"]),
    },
  };
}

export type ProcedurePageLabels = ReturnType<typeof procedurePageLabels>;

/** Stored MDX was checked on import; should it still fail, the text is shown escaped rather than lost. */
export function safeHtml(source: string | undefined): string | null {
  if (!source) return null;
  try {
    return renderMdx(source);
  } catch {
    return `<p>${source.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")}</p>`;
  }
}
