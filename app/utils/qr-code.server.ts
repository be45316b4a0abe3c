import QRCode from "qrcode";

/**
 * A QR code as an SVG drawing, made on the server (a page carries it with no script and no image request): what
 * the notice board and printed pages carry so a citizen's phone opens the procedure's page. The SVG is the
 * library's own output (paths only; the encoded text never appears in it as markup).
 */
export async function qrCodeSvg(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 2, color: { dark: "#000000", light: "#ffffff" } });
  // Sized by the page's stylesheet; the drawing is decorative next to the written address.
  return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" class="qr-code__image" ');
}
