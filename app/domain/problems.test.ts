import { describe, expect, it } from "vitest";
import { fieldIdOf, toErrorSchema, toSummary } from "./problems";

describe("editor problems", () => {
  const problems = [
    { pointer: "/name", fieldTitle: "Tên thủ tục", message: "Thiếu trường bắt buộc «Tên thủ tục»" },
    { pointer: "/channels/0/timeLimit/value", fieldTitle: "Cách thức thực hiện › 1 › Thời hạn giải quyết › Giá trị", message: "«Giá trị» phải lớn hơn hoặc bằng 0" },
    { pointer: "/name", fieldTitle: "Tên thủ tục", message: "Tên trùng" },
  ];

  it("point at rjsf's field ids and nest as its extra errors", () => {
    expect(fieldIdOf("/channels/0/timeLimit/value")).toBe("root_channels_0_timeLimit_value");
    expect(fieldIdOf("")).toBe("root");
    expect(toErrorSchema(problems)).toEqual({
      name: { __errors: ["Thiếu trường bắt buộc «Tên thủ tục»", "Tên trùng"] },
      channels: { 0: { timeLimit: { value: { __errors: ["«Giá trị» phải lớn hơn hoặc bằng 0"] } } } },
    });
  });

  it("become the error summary's links, labelled by the field's Vietnamese title", () => {
    expect(toSummary(problems)).toEqual({
      errors: { root_name: "Thiếu trường bắt buộc «Tên thủ tục»; Tên trùng", root_channels_0_timeLimit_value: "«Giá trị» phải lớn hơn hoặc bằng 0" },
      labels: { root_name: "Tên thủ tục", root_channels_0_timeLimit_value: "Cách thức thực hiện › 1 › Thời hạn giải quyết › Giá trị" },
    });
  });
});
