import { describe, expect, it } from "vitest";
import { passwordProblem } from "./password.server";

describe("password policy for new passwords", () => {
  it("refuses blank-only, short, repetitive and well-known passwords, and ones containing the username", () => {
    expect(passwordProblem(" ".repeat(10))).toBe("Mật khẩu không được chỉ gồm dấu cách");
    expect(passwordProblem("ab cd ef gh")).toBe("Mật khẩu phải có ít nhất 10 ký tự (không tính dấu cách)");
    expect(passwordProblem("aaaaaaaaaaaa")).toBe("Mật khẩu quá dễ đoán: chỉ lặp lại một vài ký tự");
    expect(passwordProblem("abcabcabcabc")).toBe("Mật khẩu quá dễ đoán: chỉ lặp lại một vài ký tự");
    expect(passwordProblem("1234567890")).toBe("Mật khẩu này quá phổ biến, dễ bị dò ra; hãy chọn mật khẩu khác");
    expect(passwordProblem("Password123")).toBe("Mật khẩu này quá phổ biến, dễ bị dò ra; hãy chọn mật khẩu khác");
    expect(passwordProblem("Mat Khau 123")).toBe("Mật khẩu này quá phổ biến, dễ bị dò ra; hãy chọn mật khẩu khác");
    expect(passwordProblem("lan.nt-2026-hoa-an", { username: "lan.nt" })).toBe("Mật khẩu không được chứa tên đăng nhập");
    expect(passwordProblem("x".repeat(201))).toBe("Mật khẩu không được dài quá 200 ký tự");
  });

  it("accepts a long, varied password, with Vietnamese letters and spaces", () => {
    expect(passwordProblem("Hoa sen nở giữa đầm 2026")).toBeNull();
    expect(passwordProblem("mat-khau-thu-nghiem-1", { username: "tl-khoa" })).toBeNull();
  });
});
