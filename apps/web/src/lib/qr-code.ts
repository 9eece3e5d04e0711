import "server-only";

import { toString as renderQrCode } from "qrcode";

/**
 * A QR code of `text` as an `<img>` source: an SVG in a `data:` URL, which the
 * Content-Security-Policy allows (`img-src 'self' data:`) where an inline `<svg>` with its
 * styles, or a script drawing one, would not be.
 */
export async function qrCodeImage(text: string): Promise<string> {
  const svg = await renderQrCode(text, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}
