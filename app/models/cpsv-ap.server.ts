import { describeFeeRule, rateInForce } from "~/domain/fees";
import { formatDate, formatDuration, formatNumber, formatWorkingSlot, type Duration } from "~/domain/format";
import { foldForSearch } from "~/domain/search";
import type { Organization, Procedure } from "~/generated";
import { getOrganization, getPublishedProcedure, listListedProcedures, type ProcedureView } from "./procedure.server";
import type { PublicCatalog } from "./public-catalog.server";

/**
 * A commune's live release as CPSV-AP 3.2 JSON-LD (docs/decisions/015-cpsv-ap.md; the vocabulary's files:
 * schemas/cpsv-ap-3.2.0/): each listed procedure as a cpsv:PublicService with its competent authority, channels,
 * costs, legal resources, dossier (Requirement + Evidence), results (Output) and contact point. Every node a
 * SHACL `sh:class` constraint looks at is described in the same document with its class (concepts, the location,
 * the language and currencies of the EU authority tables), so the document conforms to the published shapes.
 *
 * IRIs grow from the commune's public address (publicAddressOf): a service is its page `<address>/thu-tuc/<code>`,
 * its parts are fragments of it (`#cach-thuc-1`, `#phi-1-1`…), what services share hangs off the address
 * (`<address>#uy-ban-nhan-dan`, `#van-ban-…`). The output is deterministic: the same release, address and day give
 * the same bytes (the day picks the fee rates in force).
 */

/** The official context of CPSV-AP 3.2.0 (a copy: schemas/cpsv-ap-3.2.0/cpsv-ap.context.jsonld). */
export const CPSV_AP_CONTEXT_URL = "https://semiceu.github.io/uri.semic.eu-generated/CPSV-AP/releases/3.2.0/context/cpsv-ap.jsonld";

/** The prefixes the export writes its properties with (the official context only names `Class.property` terms). */
const PREFIXES = {
  cpsv: "http://purl.org/vocab/cpsv#",
  cv: "http://data.europa.eu/m8g/",
  dct: "http://purl.org/dc/terms/",
  eli: "http://data.europa.eu/eli/ontology#",
  foaf: "http://xmlns.com/foaf/0.1/",
  locn: "http://www.w3.org/ns/locn#",
  skos: "http://www.w3.org/2004/02/skos/core#",
  xsd: "http://www.w3.org/2001/XMLSchema#",
} as const;

/** EU authority tables (Publications Office): the language and currencies, described in the document as concepts. */
const VIETNAMESE = "http://publications.europa.eu/resource/authority/language/VIE";
const CURRENCY = "http://publications.europa.eu/resource/authority/currency/";
const CURRENCY_NAMES = new Intl.DisplayNames("vi", { type: "currency" });

const CHANNEL_TYPE_NAMES: Record<Procedure["channels"][number]["type"], string> = { DIRECT: "Trực tiếp", ONLINE: "Trực tuyến", POSTAL: "Dịch vụ bưu chính" };

/** The People's Committee of a commune as province procedures name it before the commune's own values apply. */
const GENERIC_COMMITTEE = "ủy ban nhân dân cấp xã";

type Node = { "@id": string; "@type": string | string[] } & Record<string, unknown>;
type LangString = { "@language": "vi"; "@value": string };

export interface CpsvApDocument {
  "@context": [string, typeof PREFIXES];
  "@graph": Node[];
}

const vi = (text: string): LangString => ({ "@language": "vi", "@value": text });
const ref = (id: string) => ({ "@id": id });
const refs = (ids: readonly string[]) => ids.map(ref);
/** A fragment that reads as the text it names: lower case, no diacritics, words joined by "-". */
const slug = (text: string) => foldForSearch(text).replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "x";

/**
 * A time limit as xsd:duration where it is one: calendar days only. Working days and working hours skip nights,
 * weekends and public holidays, which no xsd:duration says; they stay in the channel's description.
 */
function xsdDuration(d: Duration): string | null {
  return d.unit === "days" && Number.isInteger(d.value) && d.value > 0 ? `P${d.value}D` : null;
}

/**
 * The nodes of one document by IRI. A shared node (a concept, a legal text) keeps what it was first described with;
 * met again in another role, it gains that role's class (an agency that also sets a fee is both organisations).
 */
class Graph {
  private readonly nodes = new Map<string, Node>();
  add(node: Node): string {
    const known = this.nodes.get(node["@id"]);
    if (!known) this.nodes.set(node["@id"], node);
    else {
      const types = new Set([known["@type"], node["@type"]].flat());
      known["@type"] = types.size === 1 ? [...types][0] : [...types];
    }
    return node["@id"];
  }
  /** In IRI order (plain code-unit order, the same on every machine). */
  sorted(): Node[] {
    return [...this.nodes.values()].sort((a, b) => (a["@id"] < b["@id"] ? -1 : a["@id"] > b["@id"] ? 1 : 0));
  }
}

export interface CpsvApInput {
  /** The commune's public address (publicAddressOf): no trailing slash. */
  address: string;
  unit: { code: string; name: string };
  release: { number: number; liveSince: string };
  /** The day the export is for (fee rates in force, procedures listed). */
  today: string;
}

/** The export of the commune's live release: reads the listed procedures as the public pages do, then maps them. */
export async function cpsvApExport(catalog: PublicCatalog, input: CpsvApInput): Promise<CpsvApDocument> {
  const [listed, organization] = await Promise.all([
    listListedProcedures(catalog, { today: input.today }),
    getOrganization(catalog, { today: input.today, unit: input.unit.code }),
  ]);
  const codes = listed.map((p) => p.key).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const views = await Promise.all(codes.map((code) => getPublishedProcedure(catalog, { code, today: input.today })));
  return cpsvApDocument({ ...input, organization, procedures: views.filter((v): v is ProcedureView => v !== null && "procedure" in v) });
}

/** The mapping itself (no reads): the procedures as their pages show them, in the order given. */
export function cpsvApDocument(input: CpsvApInput & { organization: Organization | null; procedures: readonly ProcedureView[] }): CpsvApDocument {
  const { address, unit, organization, today } = input;
  const graph = new Graph();
  const committeeName = organization?.name ?? `Ủy ban nhân dân ${unit.name}`;

  const area = graph.add({ "@id": `${address}#dia-ban`, "@type": "Location", "locn:geographicName": vi(unit.name) });
  graph.add({ "@id": VIETNAMESE, "@type": ["LinguisticSystem", "Concept"], "skos:prefLabel": vi("Tiếng Việt"), "skos:notation": "VIE" });

  const committee = graph.add({
    "@id": `${address}#uy-ban-nhan-dan`,
    // A foaf:Agent too: the publisher of the catalog (dcat:Dataset) below.
    "@type": ["PublicOrganization", "Agent"],
    "skos:prefLabel": [vi(committeeName)],
    "dct:title": vi(committeeName),
    "dct:identifier": unit.code,
    "dct:spatial": [ref(area)],
    ...(organization?.address ? { "locn:address": ref(`${address}#dia-chi`) } : {}),
  });
  if (organization?.address) graph.add({ "@id": `${address}#dia-chi`, "@type": "Address", "locn:fullAddress": vi(organization.address) });

  const contactPoint = organization ? graph.add(contactPointNode(graph, address, organization)) : null;

  /** The agency a procedure names, as a public organisation: the commune's committee when it is the one meant. */
  const authority = (name: string): string => {
    const folded = foldForSearch(name);
    if (folded === foldForSearch(GENERIC_COMMITTEE) || folded === foldForSearch(committeeName)) return committee;
    return graph.add({ "@id": `${address}#co-quan-${slug(name)}`, "@type": "PublicOrganization", "skos:prefLabel": [vi(name)], "dct:spatial": [ref(area)] });
  };
  /** A concept of one of the export's own schemes (channel types, fields, subjects), described where it is used. */
  const concept = (scheme: string, schemeName: string, notation: string, label: string): string => {
    graph.add({ "@id": `${address}#${scheme}`, "@type": "skos:ConceptScheme", "skos:prefLabel": vi(schemeName) });
    return graph.add({ "@id": `${address}#${scheme}-${slug(notation)}`, "@type": "Concept", "skos:prefLabel": vi(label), "skos:notation": notation, "skos:inScheme": ref(`${address}#${scheme}`) });
  };
  const currency = (code: string) => graph.add({ "@id": `${CURRENCY}${code}`, "@type": "Concept", "skos:prefLabel": vi(CURRENCY_NAMES.of(code) ?? code), "skos:notation": code });
  const organisation = (name: string) => graph.add({ "@id": `${address}#co-quan-${slug(name)}`, "@type": "Organization", "skos:prefLabel": [vi(name)] });

  const services: string[] = [];
  for (const view of input.procedures) {
    const p = view.procedure;
    const id = `${address}/thu-tuc/${p.code}`;
    services.push(id);

    const agencies = p.agencies ?? [];
    const deciding = agencies.filter((a) => a.role === "competent");
    // No competent agency recorded: the executing one decides; none at all: the commune's committee, which lists it.
    const named = deciding.length > 0 ? deciding : agencies.filter((a) => a.role === "executing");
    const authorities = [...new Set(named.length > 0 ? named.map((a) => authority(a.name)) : [committee])];

    const channels = p.channels.map((ch, i) => {
      const channelId = `${id}#cach-thuc-${i + 1}`;
      const duration = xsdDuration(ch.timeLimit);
      const lines = [
        `Thời hạn giải quyết: ${formatDuration(ch.timeLimit)}`,
        ch.place ? `Địa điểm tiếp nhận: ${ch.place}` : null,
        ch.hours ? `Thời gian tiếp nhận: ${ch.hours}` : null,
        ch.description ?? null,
      ];
      if (ch.hours) graph.add({ "@id": `${channelId}-gio`, "@type": "TemporalEntity", "dct:description": vi(ch.hours) });
      graph.add({
        "@id": channelId,
        "@type": "Channel",
        "dct:identifier": `${p.code}-cach-thuc-${i + 1}`,
        "dct:type": ref(concept("hinh-thuc-nop", "Hình thức nộp hồ sơ", ch.type, CHANNEL_TYPE_NAMES[ch.type])),
        "dct:description": vi(lines.filter((l): l is string => l !== null).join("\n")),
        ...(duration ? { "cv:processingTime": { "@value": duration, "@type": "xsd:duration" } } : {}),
        ...(ch.hours ? { "cv:openingHours": ref(`${channelId}-gio`) } : {}),
      });
      return { id: channelId, duration };
    });

    const costs = p.channels.flatMap((ch, i) =>
      (ch.fees ?? []).map((fee, j) => {
        const doc = fee.feeCode ? view.fees[fee.feeCode] : undefined;
        const rate = doc ? rateInForce(doc.rates, today, ch.type) : undefined;
        // The catalog's rate in force decides the amount; without one, the amount the procedure itself records.
        const amount =
          rate?.rule.type === "free"
            ? { amount: 0, currency: "VND" as const }
            : rate?.rule.type === "fixed"
              ? { amount: rate.rule.amount, currency: "VND" as const }
              : rate
                ? null
                : (fee.amount ?? null);
        const text = sentences([doc?.name, rate ? describeFeeRule(rate.rule) : amount ? null : "Mức thu chưa xác định", fee.description]);
        return graph.add({
          "@id": `${id}#phi-${i + 1}-${j + 1}`,
          "@type": "Cost",
          "dct:identifier": `${p.code}-phi-${i + 1}-${j + 1}`,
          ...(amount ? { "cv:hasValue": { "@value": amount.amount, "@type": "xsd:double" }, ...(amount.currency ? { "cv:currency": ref(currency(amount.currency)) } : {}) } : {}),
          ...(text ? { "dct:description": vi(text) } : {}),
          "cv:ifAccessedThrough": ref(channels[i].id),
          ...(doc?.setBy ? { "cv:isDefinedBy": ref(organisation(doc.setBy)) } : {}),
        });
      }),
    );

    const legal = (p.legalBasis ?? []).map((law) =>
      graph.add({
        "@id": `${address}#van-ban-${slug(law.documentCode ?? law.number)}`,
        "@type": "LegalResource",
        "dct:identifier": law.number,
        "dct:title": vi(law.title ?? law.number),
        ...(law.issuer || law.issuedDate
          ? {
              "dct:description": vi(
                sentences([law.issuer ? `Cơ quan ban hành: ${law.issuer}` : null, law.issuedDate ? `Ngày ban hành: ${formatDate(law.issuedDate)}` : null]),
              ),
            }
          : {}),
        ...(law.issuedDate ? { "eli:date_document": { "@value": law.issuedDate, "@type": "xsd:date" } } : {}),
      }),
    );

    const evidence: string[] = [];
    const requirements = (p.cases ?? []).map((c, i) => {
      const requirementId = `${id}#ho-so-${i + 1}`;
      const supporting = (c.components ?? []).map((comp, j) => {
        const form = comp.formCode ? view.forms[comp.formCode] : undefined;
        if (form) graph.add({ "@id": `${address}/bieu-mau/${form.code}`, "@type": "Document", "dct:title": vi(form.name) });
        const counts = `Số lượng: ${formatNumber(comp.originals)} bản chính, ${formatNumber(comp.copies)} bản sao; ${comp.required ? "bắt buộc" : "không bắt buộc"}.`;
        return graph.add({
          "@id": `${requirementId}-${j + 1}`,
          "@type": "Evidence",
          "dct:identifier": `${p.code}-ho-so-${i + 1}-${j + 1}`,
          "dct:title": vi(comp.name),
          "dct:description": vi(comp.note ? `${counts} ${comp.note}` : counts),
          "cv:supportsRequirement": ref(requirementId),
          ...(form ? { "foaf:page": ref(`${address}/bieu-mau/${form.code}`) } : {}),
        });
      });
      evidence.push(...supporting);
      return graph.add({
        "@id": requirementId,
        "@type": "Requirement",
        "dct:identifier": c.code ?? `${p.code}-ho-so-${i + 1}`,
        "dct:title": vi(`Hồ sơ: ${c.name}`),
        "cv:hasSupportingEvidence": refs(supporting),
      });
    });
    if (p.requirements) {
      requirements.push(
        graph.add({
          "@id": `${id}#dieu-kien`,
          "@type": "Requirement",
          "dct:identifier": `${p.code}-dieu-kien`,
          "dct:title": vi("Yêu cầu, điều kiện thực hiện"),
          "dct:description": vi(p.requirements),
        }),
      );
    }

    const outputs = (p.results ?? []).map((r, i) =>
      graph.add({ "@id": `${id}#ket-qua-${i + 1}`, "@type": "Output", "dct:identifier": r.code ?? `${p.code}-ket-qua-${i + 1}`, "dct:title": vi(r.name) }),
    );

    // One processing time for the service only when every channel has the same one.
    const durations = new Set(channels.map((c) => c.duration));
    const duration = durations.size === 1 ? [...durations][0] : null;
    graph.add({
      "@id": id,
      "@type": "PublicService",
      "dct:identifier": p.code,
      "dct:title": vi(p.name),
      "dct:description": vi(serviceDescription(p, view.field?.name ?? null)),
      "dct:language": [ref(VIETNAMESE)],
      "dct:spatial": [ref(area)],
      "cv:hasCompetentAuthority": refs(authorities),
      ...(view.field ? { "cv:isClassifiedBy": [ref(concept("linh-vuc", "Lĩnh vực thủ tục hành chính", view.field.code, view.field.name))] } : {}),
      ...((p.subjects ?? []).length > 0
        ? { "dct:audience": refs((p.subjects ?? []).map((s) => concept("doi-tuong", "Đối tượng thực hiện", s.code ?? s.name, s.name))) }
        : {}),
      "cv:hasChannel": refs(channels.map((c) => c.id)),
      ...(duration ? { "cv:processingTime": { "@value": duration, "@type": "xsd:duration" } } : {}),
      "cv:hasCost": refs(costs),
      "cv:hasLegalResource": refs([...new Set(legal)]),
      "cv:holdsRequirement": refs(requirements),
      "cpsv:hasInput": refs(evidence),
      "cpsv:produces": refs(outputs),
      ...(contactPoint ? { "cv:contactPoint": [ref(contactPoint)] } : {}),
    });
  }

  graph.add({
    "@id": `${address}#danh-muc`,
    "@type": "Dataset",
    "dct:title": vi(`Danh mục thủ tục hành chính niêm yết – ${unit.name}`),
    "dct:description": vi(
      `Bản niêm yết số ${input.release.number}, có hiệu lực từ ${formatDate(input.release.liveSince)}; ` +
        `${services.length} thủ tục; phí, lệ phí theo mức áp dụng ngày ${formatDate(today)}.`,
    ),
    "dct:publisher": ref(committee),
    "dct:hasPart": refs(services),
  });

  return { "@context": [CPSV_AP_CONTEXT_URL, PREFIXES], "@graph": graph.sorted() };
}

/** The commune's one-stop desk: telephone, e-mail, website and working hours from its profile. */
function contactPointNode(graph: Graph, address: string, organization: Organization): Node {
  const hours = organization.workingHours.map((slot, i) =>
    graph.add({ "@id": `${address}#lien-he-gio-${i + 1}`, "@type": "TemporalEntity", "dct:description": vi(formatWorkingSlot(slot)) }),
  );
  // An absolute address only: a JSON-LD processor would resolve anything else against the document's own address.
  const website = organization.website && /^https?:\/\/[^\s]+$/.test(organization.website) ? organization.website : null;
  if (website) graph.add({ "@id": website, "@type": "Document", "dct:title": vi(organization.name) });
  return {
    "@id": `${address}#lien-he`,
    "@type": "ContactPoint",
    ...(organization.hotline ? { "cv:telephone": organization.hotline } : {}),
    ...(organization.email ? { "cv:email": organization.email } : {}),
    ...(website ? { "cv:contactPage": ref(website) } : {}),
    "cv:openingHours": refs(hours),
  };
}

/** Pieces of text as sentences: "A. B. C." (a piece's own final full stop is not doubled). */
function sentences(parts: readonly (string | null | undefined)[]): string {
  const kept = parts.map((p) => p?.trim().replace(/\.$/, "")).filter((p): p is string => !!p);
  return kept.length > 0 ? `${kept.join(". ")}.` : "";
}

/** What a service is, in words: its field, then its steps (a procedure record has no summary of its own). */
function serviceDescription(p: Procedure, field: string | null): string {
  const intro = `Thủ tục hành chính${field ? ` lĩnh vực ${field}` : ""}: ${p.name}.`;
  const steps = (p.steps ?? []).map((s) => (s.name ? `${s.name}: ${s.description}` : s.description));
  return steps.length > 0 ? `${intro}\nTrình tự thực hiện:\n${steps.join("\n")}` : intro;
}
