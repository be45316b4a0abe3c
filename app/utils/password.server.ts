import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { ACCOUNT_LIMITS } from "~/domain/limits";
import { COMMON_PASSWORDS } from "./common-passwords";

/**
 * Password hashing with scrypt (memory-hard, node:crypto). Stored as `scrypt$N$r$p$salt$hash` (base64) so the
 * cost can be raised later without breaking existing hashes. Passwords are never logged.
 */

const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const MAX_MEM = 128 * N * R * 2;

export const MIN_PASSWORD_LENGTH = ACCOUNT_LIMITS.passwordMin;

function scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(password.normalize("NFC"), salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, { N, r: R, p: P, maxmem: MAX_MEM });
  return ["scrypt", N, R, P, salt.toString("base64"), key.toString("base64")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const N_ = Number(n);
  const actual = await scrypt(password, Buffer.from(salt, "base64"), expected.length, {
    N: N_,
    r: Number(r),
    p: Number(p),
    maxmem: 128 * N_ * Number(r) * 2,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash of a random password: verifying against it costs the same time as a real check (unknown users). */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  return dummyHash;
}

/**
 * Vietnamese problem with a new password, or null when it is acceptable: long enough (spaces do not count),
 * not too long, not one character or a short pattern repeated, not a well-known password, not the username.
 */
export function passwordProblem(password: string, context: { username?: string } = {}): string | null {
  const { passwordMin, passwordMax } = ACCOUNT_LIMITS;
  if (password.length > passwordMax) return `Mật khẩu không được dài quá ${passwordMax} ký tự`;
  const compact = password.normalize("NFC").replace(/\s+/gu, "");
  if (compact.length === 0) return "Mật khẩu không được chỉ gồm dấu cách";
  if (Array.from(compact).length < passwordMin) return `Mật khẩu phải có ít nhất ${passwordMin} ký tự (không tính dấu cách)`;
  const lower = compact.toLowerCase();
  if (new Set(Array.from(lower)).size < 4 || /^(.{1,4})\1+$/u.test(lower)) {
    return "Mật khẩu quá dễ đoán: chỉ lặp lại một vài ký tự";
  }
  if (COMMON_PASSWORDS.has(lower)) return "Mật khẩu này quá phổ biến, dễ bị dò ra; hãy chọn mật khẩu khác";
  const username = context.username?.trim().toLowerCase();
  if (username && username.length >= 3 && lower.includes(username)) return "Mật khẩu không được chứa tên đăng nhập";
  return null;
}

/** A random password for first-run accounts: 20 characters, no look-alike letters. */
export function generatePassword(length = 20): string {
  const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}
