/**
 * Whether the client would rather have JSON than HTML, from its `Accept` header:
 * `application/json` must be acceptable and ranked above `text/html`. Browsers (which list
 * text/html first) and clients that send no preference (`*\/*`) get HTML.
 */
export function prefersJson(accept: string | null): boolean {
  if (!accept) return false;
  let json = 0;
  let html = 0;
  for (const range of accept.split(",")) {
    const [type = "", ...params] = range.split(";").map((part) => part.trim().toLowerCase());
    const qParam = params.find((param) => param.startsWith("q="));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q)) continue;
    if (type === "application/json") json = Math.max(json, q);
    if (type === "text/html") html = Math.max(html, q);
    if (type === "*/*" || type === "text/*") html = Math.max(html, q);
  }
  return json > 0 && json > html;
}
