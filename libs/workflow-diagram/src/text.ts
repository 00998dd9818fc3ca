/** Text helpers: XML escaping and a font-free width estimate for layout. */

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(text: string): string {
  // Characters XML 1.0 forbids are dropped, not escaped.
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
}

export const FONT_FAMILY = "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

/** Width in px at `fontSize`, erring wide: CJK and full-width forms are 1em, Latin about 0.6em. */
export function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0x2e80 || (cp >= 0x1100 && cp <= 0x115f)) em += 1;
    else if (/[A-Z0-9_#@%&MW]/.test(ch)) em += 0.68;
    else if (/[ .,:;'|!il()[\]]/.test(ch)) em += 0.34;
    else em += 0.58;
  }
  return Math.ceil(em * fontSize);
}

/** Numbers as short, stable strings: at most one decimal. */
export function num(n: number): string {
  return String(Math.round(n * 10) / 10);
}
