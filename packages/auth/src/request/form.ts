/**
 * Auth forms are small: two short fields and a return path. 16 KiB leaves room for a
 * 10,000-character password to be refused as too long (400) rather than as too large,
 * while a flood of big bodies costs nothing.
 */
export const MAX_FORM_BYTES = 16 * 1024;

const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

export type FormFields<Required extends string, Optional extends string> = Record<
  Required,
  string
> &
  Partial<Record<Optional, string>>;

export type FormError = "invalid_request" | "payload_too_large" | "unsupported_media_type";

export type FormResult<Required extends string, Optional extends string> =
  { ok: true; fields: FormFields<Required, Optional> } | { ok: false; error: FormError };

export interface FormSpec<Required extends string, Optional extends string> {
  required: readonly Required[];
  optional?: readonly Optional[];
  maxBytes?: number;
}

/**
 * Reads an auth form from a standard Request: url-encoded or multipart, at most `maxBytes`
 * (counted while reading, whatever Content-Length says), each named field present at most
 * once and as valid UTF-8 text. Files, repeated fields and missing required fields are refused; other
 * fields (`role`, `_id`, `username[$ne]`…) are ignored, so nothing but plain strings of the
 * expected names ever reaches the database.
 */
export async function readForm<Required extends string, Optional extends string = never>(
  request: Request,
  spec: FormSpec<Required, Optional>,
): Promise<FormResult<Required, Optional>> {
  const maxBytes = spec.maxBytes ?? MAX_FORM_BYTES;
  const mediaType = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (!mediaType || !FORM_TYPES.has(mediaType))
    return { ok: false, error: "unsupported_media_type" };

  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) return { ok: false, error: "payload_too_large" };
  const body = await readBody(request, maxBytes);
  if (body === "too_large") return { ok: false, error: "payload_too_large" };

  let entries: [string, unknown][];
  try {
    entries = await parseEntries(body, request.headers.get("content-type") ?? mediaType, mediaType);
  } catch {
    return { ok: false, error: "invalid_request" };
  }

  const wanted = new Set<string>([...spec.required, ...(spec.optional ?? [])]);
  const fields: Record<string, string> = {};
  for (const [name, value] of entries) {
    if (!wanted.has(name)) continue;
    if (typeof value !== "string" || Object.hasOwn(fields, name)) {
      return { ok: false, error: "invalid_request" };
    }
    // U+FFFD is what undecodable bytes (raw, or percent-encoded like %FF) turn into: such a
    // value is not the text the person typed, and two different byte strings would become
    // the same password.
    if (value.includes("\uFFFD")) return { ok: false, error: "invalid_request" };
    fields[name] = value;
  }
  if (spec.required.some((name) => !Object.hasOwn(fields, name))) {
    return { ok: false, error: "invalid_request" };
  }
  return { ok: true, fields: fields as FormFields<Required, Optional> };
}

/** The body, counted while read: "too_large" past `maxBytes`, whatever Content-Length says. */
export async function readBody(
  request: Request,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer> | "too_large"> {
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader: ReadableStreamDefaultReader<Uint8Array> = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      // Not awaited: cancelling one branch of a cloned body settles only when the other
      // branch is cancelled too, and the caller answers 413 without reading it.
      reader.cancel().catch(() => undefined);
      return "too_large";
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

async function parseEntries(
  body: Uint8Array<ArrayBuffer>,
  contentType: string,
  mediaType: string,
): Promise<[string, unknown][]> {
  if (mediaType === "application/x-www-form-urlencoded") {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(body);
    return [...new URLSearchParams(text)];
  }
  // The body is already capped at a few KiB, so the memory use that makes this parser
  // unsuitable for uploads does not arise here.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const form = await new Response(body, { headers: { "content-type": contentType } }).formData();
  return [...form.entries()];
}
