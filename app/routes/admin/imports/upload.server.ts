import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { formatNumber } from "~/domain/format";
import { IMPORT_LIMITS } from "~/domain/limits";
import { ImportFileError } from "~/imports/files.server";

/**
 * Reading the upload form of the import pages (national-portal records, a spreadsheet list): files in memory under
 * IMPORT_LIMITS.fileBytes each (the whole request is already bounded by the admin body limit), with an error that
 * names the file, in Vietnamese.
 */

/** What the officer learns when an upload is refused: the file and why. */
export interface UploadRefusal {
  file: string;
  message: string;
}

const megabytes = (bytes: number) => `${formatNumber(bytes / 1024 / 1024, 1)} MB`;

/**
 * The memory upload handler, with its size error naming the file (Remix's names only the form field). A part past
 * the limit stops the upload at once: nothing more is read into memory.
 */
function namingUploadHandler(): UploadHandler {
  const memory = unstable_createMemoryUploadHandler({ maxPartSize: IMPORT_LIMITS.fileBytes });
  return async (part) => {
    try {
      return await memory(part);
    } catch (error) {
      if (!(error instanceof MaxPartSizeExceededError)) throw error;
      throw new ImportFileError(part.filename || part.name, `Tệp dài hơn ${megabytes(IMPORT_LIMITS.fileBytes)}, vượt quá giới hạn của một tệp tải lên`);
    }
  };
}

/** The files chosen in the form's `field` and the form's other values, or why the upload is refused. */
export async function readUpload(
  request: Request,
  field: string,
  hint: string,
): Promise<{ ok: true; uploads: { name: string; bytes: Buffer }[]; form: FormData } | { ok: false; refusal: UploadRefusal }> {
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, namingUploadHandler());
  } catch (error) {
    if (error instanceof ImportFileError) return { ok: false, refusal: { file: error.file, message: error.message } };
    if (error instanceof TypeError) return { ok: false, refusal: { file: "(biểu mẫu)", message: "Biểu mẫu không gửi tệp (cần gửi dạng multipart/form-data)" } };
    throw error;
  }
  const files = form.getAll(field).filter((v): v is File => typeof v !== "string" && v.name !== "");
  if (files.length === 0) return { ok: false, refusal: { file: "(không có tệp)", message: hint } };
  const uploads = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: Buffer.from(await f.arrayBuffer()) })));
  return { ok: true, uploads, form };
}
