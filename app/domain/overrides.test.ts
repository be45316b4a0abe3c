import { describe, expect, it } from "vitest";
import { applyOverrideValues, checkOverrideValues, isLocalPointer, localSlots, overrideKey, targetOfOverrideKey } from "./overrides";

const province = {
  code: "1.001193",
  name: "Đăng ký khai sinh",
  channels: [
    { type: "DIRECT", timeLimit: { value: 1, unit: "working_days" }, place: "Bộ phận Một cửa cấp xã" },
    { type: "ONLINE", timeLimit: { value: 1, unit: "working_days" } },
  ],
  agencies: [{ role: "executing", name: "Ủy ban nhân dân cấp xã" }],
};

describe("local overrides", () => {
  it("finds every place a commune may set, empty ones included, with the item it belongs to", () => {
    expect(localSlots("procedure", province).map((s) => [s.pointer, s.provinceValue ?? null, s.itemName ?? null])).toEqual([
      ["/channels/0/place", "Bộ phận Một cửa cấp xã", "DIRECT"],
      ["/channels/1/place", null, "ONLINE"],
      ["/channels/0/hours", null, "DIRECT"],
      ["/channels/1/hours", null, "ONLINE"],
      ["/agencies/0/name", "Ủy ban nhân dân cấp xã", null],
      ["/notes", null, null],
    ]);
    expect(isLocalPointer("procedure", province, "/channels/1/hours")).toBe(true);
    expect(isLocalPointer("procedure", province, "/channels/2/hours")).toBe(false);
    expect(isLocalPointer("procedure", province, "/name")).toBe(false);
  });

  it("sets the commune's values in a copy, leaving the province's document and places that are gone alone", () => {
    const { body, applied } = applyOverrideValues("procedure", province, [
      { path: "/channels/0/place", value: "Quầy 1, UBND phường Hòa An", provinceValue: "Bộ phận Một cửa cấp xã" },
      { path: "/notes", value: "Ghi chú của phường" },
      { path: "/channels/5/place", value: "không còn" },
      { path: "/name", value: "không được đổi" },
    ]);
    expect(applied).toEqual(["/channels/0/place", "/notes"]);
    expect(body.channels[0].place).toBe("Quầy 1, UBND phường Hòa An");
    expect((body as Record<string, unknown>).notes).toBe("Ghi chú của phường");
    expect(body.name).toBe("Đăng ký khai sinh");
    expect(province.channels[0].place).toBe("Bộ phận Một cửa cấp xã");
  });

  it("tells which values still apply, which the province changed under, and which are gone", () => {
    const changed = { ...province, channels: [{ ...province.channels[0], place: "Nơi mới" }] };
    const states = checkOverrideValues("procedure", changed, [
      { path: "/channels/0/place", value: "Quầy 1", provinceValue: "Bộ phận Một cửa cấp xã" },
      { path: "/agencies/0/name", value: "UBND phường Hòa An", provinceValue: "Ủy ban nhân dân cấp xã" },
      { path: "/channels/1/hours", value: "Cả ngày" },
    ]);
    expect(states.map((s) => [s.path, s.state, s.provinceNow ?? null])).toEqual([
      ["/channels/0/place", "province-changed", "Nơi mới"],
      ["/agencies/0/name", "applies", "Ủy ban nhân dân cấp xã"],
      ["/channels/1/hours", "gone", null],
    ]);
  });

  it("names an override after the document it adjusts", () => {
    expect(overrideKey("process", "QT-HT-01")).toBe("process.QT-HT-01");
    expect(targetOfOverrideKey("procedure.1.001193")).toEqual({ kind: "procedure", key: "1.001193" });
    expect(targetOfOverrideKey("fee.le-phi")).toBeNull();
    expect(targetOfOverrideKey("procedure.")).toBeNull();
  });
});
