import { formatDate, parseVietnameseDate } from "~/domain/format";
import { addUnit, defaultPublicUnit, getUnit, listUnits, moveUnit, retireUnit, UNIT_LEVEL_LABELS, type Unit } from "~/models/unit.server";
import type { DB } from "~/utils/db.server";
import { shellActor } from "./users";

/** `npm run cli -- unit list|add|move|retire`: units of government (app/models/unit.server.ts). */

/**
 * The unit a command works on: `--unit <code>`, else the only unit there is, else (with `preferProvince`) the only
 * province, else the default commune. Throws, in Vietnamese, when it cannot tell.
 */
export async function cliUnit(db: DB, code: string | undefined, options: { preferProvince?: boolean } = {}): Promise<Unit> {
  if (code) {
    const unit = await getUnit(db, code);
    if (!unit) throw new Error(`Không có đơn vị mã «${code}» (xem: npm run cli -- unit list).`);
    return unit;
  }
  const units = await listUnits(db);
  if (units.length === 1) return units[0];
  const provinces = units.filter((u) => u.level === "province");
  if (options.preferProvince && provinces.length === 1) return provinces[0];
  const fallback = options.preferProvince ? null : await defaultPublicUnit(db);
  if (fallback) return fallback;
  throw new Error(
    units.length === 0 ? "Chưa có đơn vị nào: chạy «npm run cli -- setup» hoặc «unit add» trước." : "Có nhiều đơn vị: chọn một bằng --unit <mã>.",
  );
}

export async function unitCommand(
  db: DB,
  args: string[],
  values: { unit?: string; name?: string; level?: string; parent?: string; host?: string; from?: string; reason?: string; as?: string },
): Promise<number> {
  const actor = values.as ? { name: values.as } : shellActor();
  const report = (result: { ok: true; unit: Unit } | { ok: false; message: string }, done: (u: Unit) => string) => {
    if (!result.ok) {
      console.error(result.message);
      return 1;
    }
    console.log(done(result.unit));
    return 0;
  };
  switch (args[0]) {
    case "list": {
      const units = await listUnits(db);
      const byCode = new Map(units.map((u) => [u.code, u]));
      console.log("Mã\tTên\tCấp\tThuộc\tGhi chú");
      for (const u of units) {
        const notes = [
          u.isDefault ? "mặc định (địa chỉ ngắn)" : "",
          u.hostName ? `tên miền ${u.hostName}` : "",
          u.retiredFrom ? `ngừng hoạt động từ ${formatDate(u.retiredFrom)}` : "",
        ].filter(Boolean);
        const parent = u.parentCode ? `${u.parentCode} ${byCode.get(u.parentCode)?.name ?? ""}`.trim() : "—";
        console.log(`${u.code}\t${u.name}\t${UNIT_LEVEL_LABELS[u.level]}\t${parent}\t${notes.join("; ")}`);
      }
      console.log(`${units.length} đơn vị.`);
      return 0;
    }
    case "add": {
      if (!values.unit || !values.name || (values.level !== "province" && values.level !== "commune")) {
        throw new Error(
          "Cách dùng: npm run cli -- unit add --unit <mã> --name <tên> --level province|commune [--parent <mã tỉnh>] [--host <tên miền>]",
        );
      }
      const result = await addUnit(db, {
        code: values.unit,
        name: values.name,
        level: values.level,
        parentCode: values.parent,
        hostName: values.host,
        actor,
      });
      return report(
        result,
        (u) => `Đã thêm ${UNIT_LEVEL_LABELS[u.level].toLowerCase()} ${u.code} ${u.name}${u.parentCode ? ` thuộc ${u.parentCode}` : ""}.`,
      );
    }
    case "move": {
      if (!values.unit || !values.parent) throw new Error("Cách dùng: npm run cli -- unit move --unit <mã xã> --parent <mã tỉnh>");
      const result = await moveUnit(db, { code: values.unit, parentCode: values.parent, actor });
      return report(result, (u) => `Đã chuyển ${u.code} ${u.name} sang ${u.parentCode}; đơn vị dùng danh mục của tỉnh mới từ nay.`);
    }
    case "retire": {
      if (!values.unit || !values.from) throw new Error("Cách dùng: npm run cli -- unit retire --unit <mã> --from <dd/mm/yyyy> [--reason <lý do>]");
      const from = parseVietnameseDate(values.from);
      if (!from) throw new Error(`--from: «${values.from}» không phải một ngày có thật, dạng ngày/tháng/năm (ví dụ 01/07/2027)`);
      const result = await retireUnit(db, { code: values.unit, from, reason: values.reason ?? "", actor });
      return report(result, (u) => `Đã ghi ${u.code} ${u.name} ngừng hoạt động từ ${formatDate(from)}; lịch sử được giữ nguyên.`);
    }
    default:
      throw new Error("Cách dùng: npm run cli -- unit list|add|move|retire (xem --help)");
  }
}
