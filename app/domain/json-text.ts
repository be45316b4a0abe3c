/** Reading JSON typed or uploaded by staff: messages an officer can act on. Pure (server and browser). */

/**
 * JSON.parse's message (English, with a character offset) as Vietnamese with the line and column an officer
 * finds in an editor.
 */
export function jsonSyntaxMessage(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const offset = /at position (\d+)/.exec(message);
  const truncated = "tệp kết thúc giữa chừng (thiếu phần cuối, ví dụ dấu đóng } hoặc ])";
  if (!offset) return /end of (JSON )?input/i.test(message) ? truncated : "sai cú pháp JSON";
  if (Number(offset[1]) >= text.trimEnd().length) return truncated;
  const before = text.slice(0, Number(offset[1]));
  const line = before.split("\n").length;
  const column = before.length - before.lastIndexOf("\n");
  const at = text[Number(offset[1])];
  const found = at === undefined ? "" : at === "\n" ? " (xuống dòng)" : ` (gặp ký tự «${at}»)`;
  return `sai cú pháp JSON tại dòng ${line}, cột ${column}${found}: kiểm tra dấu phẩy, dấu ngoặc kép và dấu ngoặc`;
}

