/** Text or an attribute value (in double quotes) safe inside XML, SVG or HTML markup we write by hand. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}
