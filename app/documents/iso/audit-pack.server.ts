import { createHash } from "node:crypto";
import yazl from "yazl";
import { formatDateTime, todayInVietnam } from "~/domain/format";
import type { Process } from "~/generated";
import { listAudit, verifyAuditChain } from "~/models/audit.server";
import { unitConsistency } from "~/models/consistency.server";
import { getInForceDocuments } from "~/models/document.server";
import type { Unit } from "~/models/unit.server";
import { auditCsv } from "~/routes/admin/audit.server";
import { csvDocument } from "~/utils/csv";
import { reportTable } from "~/exports/report";
import { tableCsv } from "~/exports/csv";
import type { DB } from "~/utils/db.server";
import { isoFileName } from "./iso-document.server";
import { listIsoIssues, loadIsoDocument, ISO_KINDS } from "./load.server";
import { renderIso } from "./render.server";

/**
 * The audit pack an auditor downloads (issue 14): for one unit, every ISO document in force as PDF and DOCX, the
 * change logs and issue history of each, the unit's audit log as CSV with the chain's check and head hash, and a
 * manifest with the sha256 of every file (also as `SHA256SUMS`, which `sha256sum -c` verifies). Entries carry a
 * fixed date, so the same data gives the same archive bytes.
 */

export interface AuditPackFile {
  path: string;
  bytes: Buffer;
}

export interface AuditPack {
  zip: Buffer;
  files: { path: string; sha256: string; size: number }[];
  fileName: string;
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const text = (s: string) => Buffer.from(s, "utf8");

export async function buildAuditPack(
  root: DB,
  unitDb: DB,
  input: { unit: Unit; auditUnits: readonly string[]; now?: Date },
): Promise<AuditPack> {
  const now = input.now ?? new Date();
  const today = todayInVietnam(now);
  const files: AuditPackFile[] = [];
  const changeRows: (string | number | null)[][] = [["Loại", "Mã", "Mã hiệu", "Lần ban hành", "Ngày", "Nội dung sửa đổi", "Người sửa đổi", "Người phê duyệt"]];
  const issueRows: (string | number | null)[][] = [["Loại", "Mã", "Phiên bản", "Lần ban hành", "Trạng thái", "Dấu", "Người lưu", "Lưu lúc", "Người duyệt", "Duyệt lúc", "Ghi chú", "Nơi nhận"]];
  const index: string[] = [];

  for (const kind of ISO_KINDS) {
    for (const stored of await getInForceDocuments<Pick<Process, "documentControl">>(unitDb, { kind, today })) {
      const doc = await loadIsoDocument(unitDb, { unit: input.unit, kind, key: stored.key, today });
      if (!doc) continue;
      for (const format of ["pdf", "docx"] as const) {
        const rendered = await renderIso(doc, format);
        if (rendered) files.push({ path: `tai-lieu/${isoFileName(doc, format)}`, bytes: rendered.body });
      }
      index.push(`${doc.documentCode} – lần ban hành ${doc.issue} – ${doc.title}`);
      for (const c of stored.body.documentControl?.changes ?? []) {
        changeRows.push([kind, stored.key, doc.documentCode, c.issue, c.date, c.description, c.by ?? "", c.approvedBy ?? ""]);
      }
      for (const i of await listIsoIssues(unitDb, { kind, key: stored.key, today })) {
        issueRows.push([
          kind,
          stored.key,
          i.revision,
          i.issue,
          i.status,
          i.mark === "draft" ? "BẢN NHÁP" : i.mark === "superseded" ? "HẾT HIỆU LỰC" : "đang hiệu lực",
          i.author,
          i.createdAt,
          i.approvedBy,
          i.approvedAt,
          i.note,
          i.distribution.join("; "),
        ]);
      }
    }
  }
  files.push({ path: "lich-su/bang-theo-doi-sua-doi.csv", bytes: text(csvDocument(changeRows)) });
  files.push({ path: "lich-su/cac-lan-ban-hanh.csv", bytes: text(csvDocument(issueRows)) });

  // The audit log of the unit (and its province, whose documents it applies), and the whole chain's check.
  const chain = await verifyAuditChain(root);
  files.push({ path: "nhat-ky/nhat-ky.csv", bytes: text(auditCsv(await listAudit(root, { units: input.auditUnits }))) });
  files.push({
    path: "nhat-ky/kiem-tra-chuoi.txt",
    bytes: text(
      chain.ok
        ? `Nhật ký toàn vẹn: ${chain.entries} mục.\nMã băm mục cuối (head hash): ${chain.headHash}\nKiểm tra lúc: ${formatDateTime(now.toISOString())}\n`
        : `Nhật ký KHÔNG toàn vẹn: hỏng từ mục số ${chain.brokenAt}: ${chain.reason}.\nKiểm tra lúc: ${formatDateTime(now.toISOString())}\n`,
    ),
  });
  // The consistency report: the same findings as /admin/kiem-tra and `npm run cli -- check`.
  const findings = await unitConsistency(unitDb, { unit: input.unit, today });
  files.push({
    path: "bao-cao-kiem-tra.csv",
    bytes: text(tableCsv(reportTable(findings))),
  });

  files.push({
    path: "DOC-TRUOC.txt",
    bytes: text(
      [
        `Bộ hồ sơ đánh giá ISO 9001 – ${input.unit.name} (${input.unit.code})`,
        `Lập lúc ${formatDateTime(now.toISOString())} bằng Niêm Yết.`,
        "",
        "Tài liệu đang hiệu lực (thư mục tai-lieu/, mỗi tài liệu một tệp PDF và một tệp DOCX):",
        ...index.map((line) => `  – ${line}`),
        "",
        "lich-su/: bảng theo dõi sửa đổi và các lần ban hành của từng tài liệu (CSV, UTF-8).",
        "nhat-ky/: nhật ký hệ thống (CSV) và kết quả kiểm tra chuỗi mã băm.",
        "manifest.json và SHA256SUMS: mã sha256 của mọi tệp; kiểm tra bằng lệnh «sha256sum -c SHA256SUMS».",
        "",
      ].join("\n"),
    ),
  });

  const listed = files.map((f) => ({ path: f.path, sha256: sha256(f.bytes), size: f.bytes.length }));
  const manifest = {
    unit: { code: input.unit.code, name: input.unit.name },
    generatedAt: now.toISOString(),
    auditLog: chain.ok ? { entries: chain.entries, headHash: chain.headHash, verified: true } : { entries: chain.entries, verified: false, brokenAt: chain.brokenAt },
    files: listed,
  };
  const all = [
    ...files,
    { path: "manifest.json", bytes: text(`${JSON.stringify(manifest, null, 2)}\n`) },
    { path: "SHA256SUMS", bytes: text(listed.map((f) => `${f.sha256}  ${f.path}\n`).join("")) },
  ];

  const zip = new yazl.ZipFile();
  const mtime = new Date(Date.UTC(2000, 0, 1));
  for (const f of all) zip.addBuffer(f.bytes, f.path, { mtime, mode: 0o100644 });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return { zip: Buffer.concat(chunks), files: listed, fileName: `ho-so-danh-gia-iso-${input.unit.code}-${today}.zip` };
}
