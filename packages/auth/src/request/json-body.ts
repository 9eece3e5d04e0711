import { MAX_FORM_BYTES, readBody, type FormError } from "./form.ts";

/**
 * Reads a small JSON body (a WebAuthn answer, say): `application/json`, at most `maxBytes`
 * counted while reading, parsed into a plain object; anything else is refused with the
 * same errors as a form. What is inside is still unchecked: the caller validates it.
 */
export async function readJsonBody(
  request: Request,
  maxBytes = MAX_FORM_BYTES,
): Promise<{ ok: true; body: Record<string, unknown> } | { ok: false; error: FormError }> {
  const mediaType = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "application/json") return { ok: false, error: "unsupported_media_type" };
  if (Number(request.headers.get("content-length") ?? "0") > maxBytes) {
    return { ok: false, error: "payload_too_large" };
  }
  const bytes = await readBody(request, maxBytes);
  if (bytes === "too_large") return { ok: false, error: "payload_too_large" };
  try {
    const parsed: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      return { ok: false, error: "invalid_request" };
    }
    return { ok: true, body: parsed as Record<string, unknown> };
  } catch {
    return { ok: false, error: "invalid_request" };
  }
}
