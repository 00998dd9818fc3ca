import PDFDocument from 'pdfkit';
import type { CjkFontFace, CjkFonts } from './cjk-font';
import { redactIdNumbers } from './redaction';

/** A character of the document that the chosen font has no glyph for: it would print as a box. */
export class MissingGlyphError extends Error {
  override readonly name = 'MissingGlyphError';

  constructor(
    /** 'U+XXXX' of each missing character (not the text around it: it may be personal data). */
    readonly codePoints: readonly string[],
    readonly fontName: string,
  ) {
    super(
      `The font ${fontName} has no glyph for ${codePoints.join(', ')}; the document would show empty boxes. ` +
        `Set DOCUMENT_FONT_PATH to a font that covers these characters.`,
    );
  }
}

/** A4 in points; margins after GB/T 9704 (official documents), rounded. */
const MARGIN = { top: 72, bottom: 72, left: 76, right: 72 } as const;
const SIZE = { title: 20, heading: 12.5, body: 11, table: 10, small: 9 } as const;
const LINE_GAP = 4;
const TABLE_LINE_GAP = 2;
const CELL_PAD = 4;
const FOOTER_OFFSET = 40;
const SIGN_LINE_HEIGHT = 28;
const SEAL_WIDTH_RATIO = 0.58;
const SEAL_GAP_AFTER_LINES = 16;
const SEAL_GAP = 24;
/** A paragraph or list item of up to this many lines is never split across pages. */
const KEEP_LINES = 4.5;
const REGULAR = 'cjk-regular';
const BOLD = 'cjk-bold';
const TEXT_COLOR = '#000000';
const MUTED_COLOR = '#444444';

export interface TableColumn {
  header: string;
  /** Points; one column may leave it out to take the rest of the line. */
  width?: number;
  align?: 'left' | 'center' | 'right';
}

export interface SignatureLine {
  label: string;
  /** Printed on the rule, e.g. the party's name, so the reader knows who signs where. */
  filled?: string;
}

export interface PdfMeta {
  title: string;
  author: string;
  subject: string;
  /** Printed top-right on every page. */
  docNo: string;
  creationDate?: Date;
}

/**
 * A thin layout layer over PDFKit for the case documents: A4, one CJK font (regular + bold), a
 * title, headings, paragraphs, ruled tables that repeat their header after a page break, numbered
 * lists, signature blocks kept on one page, and 第 n 页 共 m 页 at the foot of each page.
 *
 * Every string drawn goes through `prepare`: resident ID numbers are masked and each character is
 * checked against the font, so a missing glyph fails loudly instead of printing a box.
 */
export class PdfComposer {
  private readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly finished: Promise<Buffer>;
  private face: CjkFontFace;
  private fontName: typeof REGULAR | typeof BOLD = REGULAR;
  private fontSize: number = SIZE.body;
  readonly left = MARGIN.left;
  readonly width: number;

  constructor(
    private readonly fonts: CjkFonts,
    private readonly meta: PdfMeta,
  ) {
    this.doc = new PDFDocument({
      size: 'A4',
      margins: MARGIN,
      bufferPages: true,
      pdfVersion: '1.7',
      lang: 'zh-CN',
      displayTitle: true,
      info: {
        Title: meta.title,
        Author: meta.author,
        Subject: meta.subject,
        Creator: 'Tiaojie',
        Producer: 'Tiaojie documents (PDFKit)',
        ...(meta.creationDate ? { CreationDate: meta.creationDate } : {}),
      },
    });
    this.width = this.doc.page.width - MARGIN.left - MARGIN.right;
    this.finished = new Promise<Buffer>((resolve, reject) => {
      this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    this.register(REGULAR, fonts.regular);
    this.register(BOLD, fonts.bold);
    this.face = fonts.regular;
    this.useFont(REGULAR, SIZE.body);
    this.doc.fillColor(TEXT_COLOR);
  }

  /**
   * PDFKit (>= 0.18) takes an already parsed fontkit font as well as bytes. Handing it the cached
   * face saves re-parsing a 20 MB collection and its layout tables for every document (about half a
   * second per face); the face is only read, and each document makes its own subset of it.
   */
  private register(name: string, face: CjkFontFace): void {
    this.doc.registerFont(name, face.font as unknown as Buffer);
  }

  private useFont(name: typeof REGULAR | typeof BOLD, size: number): void {
    this.face = name === BOLD ? this.fonts.bold : this.fonts.regular;
    this.fontName = name;
    this.fontSize = size;
    this.doc.font(name).fontSize(size);
  }

  /** Masks ID numbers and fails on a character the current face cannot draw. */
  private prepare(text: string, raw = false): string {
    const out = raw ? text : redactIdNumbers(text);
    const missing = new Set<string>();
    for (const ch of out) {
      if (/\s/u.test(ch)) continue;
      const cp = ch.codePointAt(0)!;
      if (!this.face.font.hasGlyphForCodePoint(cp)) missing.add(`U+${cp.toString(16).toUpperCase().padStart(4, '0')}`);
    }
    if (missing.size > 0) throw new MissingGlyphError([...missing], this.face.postscriptName);
    return out;
  }

  private get bottom(): number {
    return this.doc.page.height - MARGIN.bottom;
  }

  /** Starts a new page unless `height` points still fit on this one. */
  ensureSpace(height: number): boolean {
    if (this.doc.y + height > this.bottom) {
      this.doc.addPage();
      this.doc.x = this.left;
      return true;
    }
    return false;
  }

  /** Keeps a block of up to four lines on one page; a longer one gets at least two lines here. */
  private keepTogether(height: number): void {
    const line = this.bodyLineHeight();
    this.ensureSpace(height <= KEEP_LINES * line ? height : 2 * line);
  }

  /** The height of one line of body text, gap included (Noto CJK: about 1.45 em plus the gap). */
  private bodyLineHeight(): number {
    const [savedName, savedSize] = [this.fontName, this.fontSize];
    this.useFont(REGULAR, SIZE.body);
    const height = this.doc.currentLineHeight(true) + LINE_GAP;
    this.useFont(savedName, savedSize);
    return height;
  }

  space(points: number): void {
    this.doc.y += points;
  }

  /** The document number, top-right of the first page (later pages get it in their header). */
  docNumber(): void {
    this.useFont(REGULAR, SIZE.body);
    const text = this.prepare(`编号：${this.meta.docNo}`, true);
    this.doc.text(text, this.left, MARGIN.top, { width: this.width, align: 'right' });
    this.doc.x = this.left;
    this.space(14);
  }

  title(text: string): void {
    this.useFont(BOLD, SIZE.title);
    this.doc.text(this.prepare(text), this.left, this.doc.y, { width: this.width, align: 'center', characterSpacing: 2 });
    this.doc.x = this.left;
    this.space(12);
  }

  /** Small centred reference line under the title, e.g. the case number. */
  subtitle(text: string): void {
    this.useFont(REGULAR, SIZE.body);
    this.doc.fillColor(MUTED_COLOR);
    this.doc.text(this.prepare(text, true), this.left, this.doc.y, { width: this.width, align: 'center' });
    this.doc.fillColor(TEXT_COLOR);
    this.doc.x = this.left;
    this.space(10);
  }

  heading(text: string): void {
    // Keep a heading with what follows: as much as a paragraph kept whole, or a table's first rows.
    const following = KEEP_LINES * this.bodyLineHeight();
    this.useFont(BOLD, SIZE.heading);
    this.ensureSpace(6 + this.doc.currentLineHeight(true) + LINE_GAP + 2 + following);
    this.space(6);
    this.doc.text(this.prepare(text), this.left, this.doc.y, { width: this.width, lineGap: LINE_GAP });
    this.space(2);
    this.useFont(REGULAR, SIZE.body);
  }

  /** A body paragraph; `indent` gives the customary two-character first-line indent. */
  paragraph(text: string, options: { indent?: boolean; bold?: boolean; raw?: boolean } = {}): void {
    this.useFont(options.bold ? BOLD : REGULAR, SIZE.body);
    const prepared = this.prepare(text, options.raw);
    const textOptions = { width: this.width, lineGap: LINE_GAP, indent: options.indent === false ? 0 : 2 * SIZE.body };
    this.keepTogether(this.doc.heightOfString(prepared, textOptions));
    this.doc.text(prepared, this.left, this.doc.y, textOptions);
    this.doc.x = this.left;
    this.space(3);
    this.useFont(REGULAR, SIZE.body);
  }

  /** 'label：value' lines, the value wrapping under itself (hanging indent). */
  field(label: string, value: string, options: { raw?: boolean; labelWidth?: number } = {}): void {
    this.useFont(REGULAR, SIZE.body);
    const labelText = this.prepare(`${label}：`);
    const valueText = this.prepare(value, options.raw);
    const labelWidth = options.labelWidth ?? this.doc.widthOfString(labelText) + 1;
    const valueWidth = this.width - labelWidth;
    const height = Math.max(
      this.doc.heightOfString(labelText, { width: labelWidth, lineGap: LINE_GAP }),
      this.doc.heightOfString(valueText || ' ', { width: valueWidth, lineGap: LINE_GAP }),
    );
    this.ensureSpace(height);
    const y = this.doc.y;
    this.doc.text(labelText, this.left, y, { width: labelWidth, lineGap: LINE_GAP });
    this.doc.text(valueText || ' ', this.left + labelWidth, y, { width: valueWidth, lineGap: LINE_GAP });
    this.doc.x = this.left;
    this.doc.y = y + height + 2;
  }

  /** Several 'label：value' lines with their values aligned. */
  fields(entries: readonly { label: string; value: string; raw?: boolean }[]): void {
    this.useFont(REGULAR, SIZE.body);
    const labelWidth = Math.max(...entries.map((e) => this.doc.widthOfString(this.prepare(`${e.label}：`)))) + 1;
    for (const e of entries) this.field(e.label, e.value, { raw: e.raw, labelWidth });
  }

  /** '1. text' items with a hanging indent. */
  numbered(items: readonly string[]): void {
    this.useFont(REGULAR, SIZE.body);
    const numberWidth = 2 * SIZE.body;
    items.forEach((item, i) => {
      const label = `${i + 1}.`;
      const text = this.prepare(item);
      const height = this.doc.heightOfString(text, { width: this.width - numberWidth, lineGap: LINE_GAP });
      this.keepTogether(height);
      const y = this.doc.y;
      this.doc.text(label, this.left + 0.5 * SIZE.body, y, { width: numberWidth, lineGap: LINE_GAP, lineBreak: false });
      this.doc.text(text, this.left + numberWidth, y, { width: this.width - numberWidth, lineGap: LINE_GAP });
      this.doc.x = this.left;
      this.space(2);
    });
  }

  /**
   * A ruled table. Rows never split across pages; after a break the header row is drawn again.
   * `footer` rows (totals) are set in bold.
   */
  table(columns: readonly TableColumn[], rows: readonly (readonly string[])[], footer: readonly (readonly string[])[] = []): void {
    const fixed = columns.reduce((sum, c) => sum + (c.width ?? 0), 0);
    const flexible = columns.filter((c) => c.width === undefined).length;
    const rest = flexible > 0 ? (this.width - fixed) / flexible : 0;
    const widths = columns.map((c) => c.width ?? rest);
    const header = columns.map((c) => c.header);

    this.space(2);
    const rowHeight = (cells: readonly string[], kind: 'header' | 'body' | 'footer'): number => {
      this.useFont(kind === 'body' ? REGULAR : BOLD, SIZE.table);
      const heights = cells.map((c, i) =>
        this.doc.heightOfString(this.prepare(c) || ' ', { width: widths[i] - 2 * CELL_PAD, lineGap: TABLE_LINE_GAP }),
      );
      return Math.max(...heights) + 2 * CELL_PAD;
    };
    const drawRow = (cells: readonly string[], kind: 'header' | 'body' | 'footer', keepWith = 0): void => {
      const height = rowHeight(cells, kind);
      this.useFont(kind === 'body' ? REGULAR : BOLD, SIZE.table);
      const texts = cells.map((c) => this.prepare(c));
      if (this.doc.y + height + keepWith > this.bottom) {
        this.doc.addPage();
        if (kind !== 'header') drawRow(header, 'header');
        this.useFont(kind === 'body' ? REGULAR : BOLD, SIZE.table);
      }
      const y = this.doc.y;
      let x = this.left;
      if (kind === 'header') this.doc.rect(this.left, y, this.width, height).fillColor('#eeeeee').fill().fillColor(TEXT_COLOR);
      texts.forEach((text, i) => {
        const align = kind === 'header' ? 'center' : (columns[i].align ?? 'left');
        this.doc.text(text || ' ', x + CELL_PAD, y + CELL_PAD, { width: widths[i] - 2 * CELL_PAD, align, lineGap: TABLE_LINE_GAP });
        this.doc.lineWidth(0.6).rect(x, y, widths[i], height).stroke('#000000');
        x += widths[i];
      });
      this.doc.x = this.left;
      this.doc.y = y + height;
    };

    // The header keeps at least one row with it, and the last row keeps the totals with it.
    const footerHeight = footer.reduce((sum, row) => sum + rowHeight(row, 'footer'), 0);
    const firstRowHeight = rows.length > 0 ? rowHeight(rows[0], 'body') : footerHeight;
    this.ensureSpace(rowHeight(header, 'header') + firstRowHeight + (rows.length === 1 ? footerHeight : 0));
    drawRow(header, 'header');
    rows.forEach((row, i) => drawRow(row, 'body', i === rows.length - 1 ? footerHeight : 0));
    footer.forEach((row) => drawRow(row, 'footer'));
    this.doc.x = this.left;
    this.space(6);
    this.useFont(REGULAR, SIZE.body);
  }

  /**
   * The signing area of an agreement: signature lines, then the seal block, kept on one page when
   * they fit on one. If they have to move to a new page, that page says it carries no body text, as
   * signature pages of Chinese agreements do.
   */
  signatureArea(lines: readonly SignatureLine[], seal: readonly string[], continuationNote: string): void {
    const linesHeight = lines.reduce((sum, line) => sum + this.measureSignatureLine(line).height, 0);
    const height = linesHeight + this.sealBlockHeight(seal, SEAL_GAP_AFTER_LINES) + 10;
    const usable = this.bottom - MARGIN.top;
    if (height <= usable && this.ensureSpace(height)) {
      this.paragraph(continuationNote, { indent: false });
    } else {
      this.space(10);
    }
    this.signatureLines(lines);
    this.sealBlock(seal, { gapBefore: SEAL_GAP_AFTER_LINES });
  }

  /**
   * Signature lines on the left half: 'label' then a rule to sign on. `filled` is printed on the
   * line (e.g. the party's name) so the reader knows who signs where.
   */
  signatureLines(lines: readonly SignatureLine[]): void {
    for (const line of lines) {
      const m = this.measureSignatureLine(line);
      this.ensureSpace(m.height);
      const y = this.doc.y + 10;
      this.doc.text(m.label, this.left, y, { width: m.ruleStart - this.left, lineBreak: false });
      if (m.filled) this.doc.text(m.filled, m.ruleStart + 4, y, { width: m.ruleEnd - m.ruleStart - 8, lineGap: 2 });
      const ruleY = y + m.nameHeight + 4;
      this.doc.lineWidth(0.6).moveTo(m.ruleStart, ruleY).lineTo(m.ruleEnd, ruleY).stroke('#000000');
      this.doc.x = this.left;
      this.doc.y = y + m.height - 10;
    }
  }

  private measureSignatureLine(line: SignatureLine): {
    label: string;
    filled: string;
    ruleStart: number;
    ruleEnd: number;
    nameHeight: number;
    height: number;
  } {
    this.useFont(REGULAR, SIZE.body);
    const label = this.prepare(`${line.label}：`);
    const filled = line.filled ? this.prepare(line.filled) : '';
    const labelWidth = this.doc.widthOfString(label);
    const ruleStart = this.left + labelWidth + 4;
    // The rule grows to fit a long name, up to the right margin; beyond that the name wraps.
    const ruleEnd = this.left + Math.min(this.width, Math.max(this.width * 0.62, labelWidth + this.doc.widthOfString(filled) + 24));
    const oneLine = this.doc.heightOfString('国', { width: this.width, lineGap: 2 });
    const nameHeight = filled ? this.doc.heightOfString(filled, { width: ruleEnd - ruleStart - 8, lineGap: 2 }) : oneLine;
    return { label, filled, ruleStart, ruleEnd, nameHeight, height: SIGN_LINE_HEIGHT + nameHeight - oneLine };
  }

  /**
   * The closing block at the right: signer, issuing organisation, seal note and date, kept together
   * on one page.
   */
  sealBlock(lines: readonly string[], options: { gapBefore?: number } = {}): void {
    this.useFont(REGULAR, SIZE.body);
    const texts = lines.map((l) => this.prepare(l));
    const heights = texts.map((t) => this.doc.heightOfString(t, { width: SEAL_WIDTH_RATIO * this.width, lineGap: LINE_GAP }) + 6);
    const gap = options.gapBefore ?? SEAL_GAP;
    const blockLeft = this.left + (1 - SEAL_WIDTH_RATIO) * this.width;
    const blockWidth = SEAL_WIDTH_RATIO * this.width;
    this.ensureSpace(gap + heights.reduce((a, b) => a + b, 0));
    this.space(gap);
    texts.forEach((text, i) => {
      const y = this.doc.y;
      this.doc.text(text, blockLeft, y, { width: blockWidth, align: 'center', lineGap: LINE_GAP });
      this.doc.y = y + heights[i];
    });
    this.doc.x = this.left;
  }

  /**
   * The closing words ('特此通知。') and the seal block, moved to the next page together when they do
   * not fit, so that no page carries a seal alone.
   */
  closing(words: string, seal: readonly string[]): void {
    this.useFont(REGULAR, SIZE.body);
    const prepared = this.prepare(words);
    const options = { width: this.width, lineGap: LINE_GAP, indent: 2 * SIZE.body };
    this.ensureSpace(this.doc.heightOfString(prepared, options) + 3 + this.sealBlockHeight(seal, SEAL_GAP));
    this.paragraph(words);
    this.sealBlock(seal);
  }

  private sealBlockHeight(lines: readonly string[], gap: number): number {
    this.useFont(REGULAR, SIZE.body);
    return lines.reduce((sum, l) => sum + this.doc.heightOfString(this.prepare(l), { width: SEAL_WIDTH_RATIO * this.width, lineGap: LINE_GAP }) + 6, gap);
  }

  /** Page headers and numbers, then the finished PDF. */
  async finish(): Promise<Buffer> {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const page = this.doc.page;
      const savedBottom = page.margins.bottom;
      const savedTop = page.margins.top;
      page.margins.bottom = 0;
      page.margins.top = 0;
      this.useFont(REGULAR, SIZE.small);
      this.doc.fillColor(MUTED_COLOR);
      const footer = this.prepare(`第 ${i - range.start + 1} 页　共 ${range.count} 页`, true);
      this.doc.text(footer, this.left, page.height - FOOTER_OFFSET, { width: this.width, align: 'center', lineBreak: false });
      if (i > range.start) {
        const header = this.prepare(`${this.meta.title}　编号：${this.meta.docNo}`, true);
        this.doc.text(header, this.left, FOOTER_OFFSET - SIZE.small, { width: this.width, align: 'right', lineBreak: false });
      }
      this.doc.fillColor(TEXT_COLOR);
      page.margins.bottom = savedBottom;
      page.margins.top = savedTop;
    }
    this.doc.end();
    return this.finished;
  }
}
