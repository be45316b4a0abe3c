import { readFileSync } from "node:fs";
import type { DatasetCore } from "@rdfjs/types";
import rdf from "@zazuko/env";
import jsonld from "jsonld";
import { Parser } from "n3";
import SHACLValidator from "rdf-validate-shacl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importProvinceCatalog } from "~/catalog/province.server";
import { todayInVietnam } from "~/domain/format";
import { CPSV_AP_CONTEXT_URL, cpsvApExport, type CpsvApDocument } from "~/models/cpsv-ap.server";
import { listPublicProcedures } from "~/models/procedure.server";
import type { PublicCatalog } from "~/models/public-catalog.server";
import { publicAddressOf } from "~/models/unit.server";
import type { DB } from "~/utils/db.server";
import { createTestDb } from "./setup/db";
import { publishedCatalog } from "./setup/release";

/**
 * The CPSV-AP 3.2 export of the sample commune's first release (the real migrations, the sample catalog, the real
 * release model), read back as RDF by a JSON-LD processor and validated against SEMIC's published SHACL shapes
 * (schemas/cpsv-ap-3.2.0/). The processor gets the official context from the repository's copy and may not
 * reach the network; `safe: true` makes it fail on anything it would otherwise drop silently.
 */

const STANDARD = "schemas/cpsv-ap-3.2.0";
const HOA_AN = "00000";
// Today, as the route has it: forms apply from the day the import approved them, fee rates from their own dates.
const TODAY = todayInVietnam();
const ORIGIN = "https://niemyet.example";
const ADDRESS = publicAddressOf({ code: HOA_AN, hostName: null }, ORIGIN);

const RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const CPSV = "http://purl.org/vocab/cpsv#";
const CV = "http://data.europa.eu/m8g/";
const DCT = "http://purl.org/dc/terms/";
const FOAF = "http://xmlns.com/foaf/0.1/";
const SKOS = "http://www.w3.org/2004/02/skos/core#";
const SHACL = "http://www.w3.org/ns/shacl#";

const contextDocument = JSON.parse(readFileSync(`${STANDARD}/cpsv-ap.context.jsonld`, "utf8")) as object;
const documentLoader = async (url: string) => {
  if (url !== CPSV_AP_CONTEXT_URL) throw new Error(`the test has no network: ${url}`);
  return { contextUrl: undefined, documentUrl: url, document: contextDocument };
};

/** RDF text (Turtle or N-Quads) as a dataset. */
const parse = (text: string, format: "N-Quads" | "Turtle") => rdf.dataset(new Parser({ format }).parse(text));

async function toDataset(doc: CpsvApDocument): Promise<DatasetCore> {
  const nquads = (await jsonld.toRDF(doc as unknown as jsonld.JsonLdDocument, {
    format: "application/n-quads",
    documentLoader,
    safe: true,
  } as jsonld.Options.ToRdf)) as unknown as string;
  return parse(nquads, "N-Quads");
}

/** The validation's results, one line each: the node, the property, the constraint and the message. */
async function validate(shapes: DatasetCore, data: DatasetCore) {
  const report = await new SHACLValidator(shapes, { factory: rdf }).validate(data);
  const violations = report.results.map((r) =>
    [r.focusNode?.value, r.path?.value, r.sourceConstraintComponent?.value.replace(SHACL, "sh:"), r.message.map((m) => m.value).join(" ")].join(" | "),
  );
  return { conforms: report.conforms, violations, results: report.results };
}

/** The objects of `subject predicate ?`. */
const objects = (data: DatasetCore, subject: string, predicate: string) =>
  [...data.match(rdf.namedNode(subject), rdf.namedNode(predicate), null)].map((q) => q.object);
const subjectsOfType = (data: DatasetCore, type: string) => [...data.match(null, rdf.namedNode(RDF_TYPE), rdf.namedNode(type))].map((q) => q.subject.value);

describe("the CPSV-AP 3.2 export", () => {
  let db: DB;
  let catalog: PublicCatalog;
  let doc: CpsvApDocument;
  let data: DatasetCore;
  let shapes: DatasetCore;

  beforeAll(async () => {
    shapes = parse(readFileSync(`${STANDARD}/cpsv-ap-SHACL.ttl`, "utf8"), "Turtle");
    db = (await createTestDb({ unscoped: true })).db;
    const loaded = await importProvinceCatalog(db, { dir: "catalog", author: "nap-danh-muc" });
    expect(loaded.ok).toBe(true);
    catalog = await publishedCatalog(db, HOA_AN);
    doc = await cpsvApExport(catalog, { address: ADDRESS, unit: { code: HOA_AN, name: "Phường Hòa An (đơn vị mẫu)" }, release: catalog.release, today: TODAY });
    data = await toDataset(doc);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it("conforms to the published SHACL shapes, with no violation at all", async () => {
    const { conforms, violations } = await validate(shapes, data);
    expect(violations).toEqual([]);
    expect(conforms).toBe(true);
  });

  it("has one public service per listed procedure, and birth registration with its title, authority, channels and costs", async () => {
    const listed = await listPublicProcedures(catalog, { today: TODAY });
    expect(listed.length).toBe(29);
    expect(subjectsOfType(data, `${CPSV}PublicService`).sort()).toEqual(listed.map((p) => `${ADDRESS}/thu-tuc/${p.code}`).sort());

    const birth = `${ADDRESS}/thu-tuc/1.001193`;
    expect(objects(data, birth, `${DCT}identifier`).map((o) => o.value)).toEqual(["1.001193"]);
    expect(objects(data, birth, `${DCT}title`)).toEqual([expect.objectContaining({ value: "Đăng ký khai sinh", language: "vi" })]);
    // Hòa An's People's Committee (its profile's name), as the commune's own export says it.
    const [authority] = objects(data, birth, `${CV}hasCompetentAuthority`);
    expect(subjectsOfType(data, `${CV}PublicOrganisation`)).toContain(authority.value);
    expect(objects(data, authority.value, `${SKOS}prefLabel`).map((o) => o.value)).toEqual(["Ủy ban nhân dân phường Hòa An"]);
    // Two channels, each typed by a concept the document describes.
    const channels = objects(data, birth, `${CV}hasChannel`).map((o) => o.value);
    expect(channels).toHaveLength(2);
    const types = channels.flatMap((c) => objects(data, c, `${DCT}type`)).map((t) => objects(data, t.value, `${SKOS}prefLabel`)[0]?.value);
    expect(types.sort()).toEqual(["Trực tiếp", "Trực tuyến"]);
    // Hòa An's own receiving place (its local override) is in the direct channel's description.
    expect(objects(data, channels[0], `${DCT}description`)[0].value).toContain("Bộ phận Một cửa Ủy ban nhân dân phường Hòa An");
    // On time it is free (the catalog's rate: free); late, the Hà Nội charge of 5.000 đồng, in VND.
    const costs = objects(data, birth, `${CV}hasCost`).map((o) => o.value);
    const values = costs.map((c) => [objects(data, c, `${CV}hasValue`)[0]?.value, objects(data, c, `${CV}currency`)[0]?.value]);
    expect(values.sort()).toEqual([
      ["0.0E0", "http://publications.europa.eu/resource/authority/currency/VND"],
      ["0.0E0", "http://publications.europa.eu/resource/authority/currency/VND"],
      ["5.0E3", "http://publications.europa.eu/resource/authority/currency/VND"],
      ["5.0E3", "http://publications.europa.eu/resource/authority/currency/VND"],
    ]);
    // A tiered fee has no single value: its rule is the description.
    const copyCosts = objects(data, `${ADDRESS}/thu-tuc/2.000815`, `${CV}hasCost`).map((o) => o.value);
    expect(copyCosts.flatMap((c) => objects(data, c, `${CV}hasValue`))).toEqual([]);
    expect(objects(data, copyCosts[0], `${DCT}description`)[0].value).toContain("2.000 đồng/trang");
    // Legal basis, dossier and result.
    expect(objects(data, birth, `${CV}hasLegalResource`).map((o) => o.value)).toContain(`${ADDRESS}#van-ban-60-2014-qh13`);
    const dossier = objects(data, birth, `${CPSV}hasInput`).map((o) => o.value);
    expect(dossier).toHaveLength(6);
    // The declaration is the commune's printable form, a document of its own.
    const [form] = objects(data, dossier.find((e) => objects(data, e, `${DCT}title`)[0].value === "Tờ khai đăng ký khai sinh")!, `${FOAF}page`);
    expect(form.value).toBe(`${ADDRESS}/bieu-mau/to-khai-dang-ky-khai-sinh`);
    expect(subjectsOfType(data, `${FOAF}Document`)).toContain(form.value);
    const [result] = objects(data, birth, `${CPSV}produces`);
    expect(objects(data, result.value, `${DCT}identifier`).map((o) => o.value)).toEqual(["KQ.G15.000031"]);
  });

  it("is the same bytes when built again from the same release on the same day", async () => {
    const again = await cpsvApExport(catalog, { address: ADDRESS, unit: { code: HOA_AN, name: "Phường Hòa An (đơn vị mẫu)" }, release: catalog.release, today: TODAY });
    expect(JSON.stringify(again)).toBe(JSON.stringify(doc));
  });

  it("the validator is wired up: a service without its title is reported on dct:title", async () => {
    const broken = structuredClone(doc);
    const birth = broken["@graph"].find((n) => n["@id"] === `${ADDRESS}/thu-tuc/1.001193`)!;
    delete birth["dct:title"];
    const { conforms, results } = await validate(shapes, await toDataset(broken));
    expect(conforms).toBe(false);
    expect(results.map((r) => [r.focusNode?.value, r.path?.value, r.sourceConstraintComponent?.value])).toEqual([
      [`${ADDRESS}/thu-tuc/1.001193`, `${DCT}title`, `${SHACL}MinCountConstraintComponent`],
    ]);
  });

  it("and its sh:class constraints bite: a channel type the document does not describe as a concept is reported", async () => {
    const broken = structuredClone(doc);
    broken["@graph"] = broken["@graph"].filter((n) => n["@id"] !== `${ADDRESS}#hinh-thuc-nop-direct`);
    const { conforms, results } = await validate(shapes, await toDataset(broken));
    expect(conforms).toBe(false);
    const reported = new Set(results.map((r) => `${r.path?.value} ${r.sourceConstraintComponent?.value}`));
    expect([...reported]).toEqual([`${DCT}type ${SHACL}ClassConstraintComponent`]);
    expect(results.map((r) => r.focusNode?.value)).toContain(`${ADDRESS}/thu-tuc/1.001193#cach-thuc-1`);
  });
});
