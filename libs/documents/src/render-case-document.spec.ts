import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseResidentId } from '@tiaojie/domain';
import {
  type AgreementData,
  type CaseDocumentData,
  CjkFontMissingError,
  DOCUMENT_TITLES,
  type DocumentKind,
  type HandoverPacketData,
  MissingGlyphError,
  renderCaseDocument,
  resolveCjkFonts,
} from './index';
import {
  SAMPLE_ACCEPTANCE_NOTICE,
  SAMPLE_AGREEMENT,
  SAMPLE_DOCUMENTS,
  SAMPLE_FULL_ID,
  SAMPLE_HANDOVER_PACKET,
  SAMPLE_TERMINATION_NOTE,
} from './testing/sample-documents';

interface Extracted {
  text: string;
  pages: number;
}

/**
 * Text extraction with pdf-parse (pdf.js). pdf.js loads its worker with a dynamic import(), which
 * Jest's CommonJS sandbox refuses, so it runs in a plain Node child process.
 */
function extractText(pdfs: readonly Buffer[]): Extracted[] {
  const dir = mkdtempSync(join(tmpdir(), 'documents-spec-'));
  const files = pdfs.map((pdf, i) => {
    const file = join(dir, `${i}.pdf`);
    writeFileSync(file, pdf);
    return file;
  });
  const script = `
    const { PDFParse } = require(process.argv[1]);
    const { readFileSync } = require('node:fs');
    (async () => {
      const out = [];
      for (const file of process.argv.slice(2)) {
        const parser = new PDFParse({ data: new Uint8Array(readFileSync(file)) });
        const result = await parser.getText();
        out.push({ text: result.text, pages: result.total });
        await parser.destroy();
      }
      process.stdout.write(JSON.stringify(out));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const stdout = execFileSync(process.execPath, ['-e', script, require.resolve('pdf-parse'), ...files], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  });
  return JSON.parse(stdout) as Extracted[];
}

/** Line breaks and spaces removed, so a phrase wrapped across lines is still found. */
const squash = (s: string): string => s.replace(/\s+/g, '');

/** Every 18-character run that is a valid resident ID (not just 18 digits: dates and amounts are not IDs). */
function fullIdsIn(text: string): string[] {
  return (text.match(/[0-9]{17}[0-9Xx]/g) ?? []).filter((c) => parseResidentId(c).ok);
}

const EXPECTED: Record<DocumentKind, { amount: string; capital: string; more: string[] }> = {
  ACCEPTANCE_NOTICE: {
    amount: '¥27,956.78',
    capital: '贰万柒仟玖佰伍拾陆元柒角捌分',
    more: ['2025年10月24日届满', '第十四条', '自2025年10月24日起', '工资拖欠', '加班费', '经济补偿金', '特此通知'],
  },
  AGREEMENT: {
    amount: '¥22,845.67',
    capital: '人民币贰万贰仟捌佰肆拾伍元陆角柒分（¥22,845.67）',
    more: ['2025年10月31日', '2025年11月30日', '¥10,345.67', '壹万零叁佰肆拾伍元陆角柒分', '申请期限至2025年11月19日止', '第三十三条', '支付令', '签订日期：2025年10月20日', '一式四份'],
  },
  TERMINATION_NOTE: {
    amount: '¥27,956.78',
    capital: '贰万柒仟玖佰伍拾陆元柒角捌分',
    more: ['特此证明', '调解未能达成协议', '2025年10月25日终止调解', '第十四条', '劳动人事争议仲裁委员会申请仲裁', '法律援助', '第二十七条'],
  },
  HANDOVER_PACKET: {
    amount: '¥27,956.78',
    capital: '贰万柒仟玖佰伍拾陆元柒角捌分',
    more: ['十堰市茅箭区人民法院：', '（2025）鄂0302民诉前调1234号', '争议焦点', '考勤记录的真实性', '调解未成功的原因', '2025年10月21日10:00', '请依法登记立案'],
  },
};

describe('renderCaseDocument', () => {
  const fonts = resolveCjkFonts();
  let rendered: { doc: CaseDocumentData; pdf: Buffer; extracted: Extracted }[];

  beforeAll(async () => {
    const pdfs: Buffer[] = [];
    for (const doc of SAMPLE_DOCUMENTS) pdfs.push(await renderCaseDocument(doc));
    const extracted = extractText(pdfs);
    rendered = SAMPLE_DOCUMENTS.map((doc, i) => ({ doc, pdf: pdfs[i], extracted: extracted[i] }));
  });

  const byKind = (kind: DocumentKind) => rendered.find((r) => r.doc.kind === kind)!;

  describe.each(SAMPLE_DOCUMENTS.map((d) => [d.kind]))('%s', (kind) => {
    it('is a complete PDF that embeds the CJK font', () => {
      const { pdf } = byKind(kind);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
      const raw = pdf.toString('latin1');
      expect(raw).toMatch(/\/FontFile[23]?\b/);
      expect(raw).toContain(fonts.regular.postscriptName);
      expect(raw).toMatch(/\/Lang \(zh-CN\)/);
    });

    it('has extractable Chinese text: title, case number, worker, amounts in figures and in capitals', () => {
      const { doc, extracted } = byKind(kind);
      const text = squash(extracted.text);
      const expected = EXPECTED[kind];
      expect(text).toContain(squash(DOCUMENT_TITLES[kind]));
      expect(text).toContain(doc.docNo);
      expect(text).toContain(doc.caseNo);
      expect(text).toContain(doc.centreName);
      for (const w of doc.workers) expect(text).toContain(w.name);
      expect(text).toContain(doc.employer.name);
      expect(text).toContain(doc.employer.creditCode);
      expect(text).toContain(expected.amount);
      expect(text).toContain(squash(expected.capital));
      for (const phrase of expected.more) expect(text).toContain(squash(phrase));
      expect(text).toContain('（调解中心盖章）');
      expect(text).toContain('调解员');
      expect(extracted.text).toMatch(new RegExp(`第\\s*1\\s*页\\s*共\\s*${extracted.pages}\\s*页`));
    });

    it('shows the masked ID numbers and never a full one, even one typed into the facts', () => {
      const { doc, extracted } = byKind(kind);
      const text = squash(extracted.text);
      expect(doc.facts).toContain(SAMPLE_FULL_ID);
      for (const w of doc.workers) {
        expect(text).toContain(w.idNumberMasked);
        expect(text).toContain(w.phoneMasked);
      }
      expect(text).not.toContain(SAMPLE_FULL_ID);
      expect(fullIdsIn(extracted.text)).toEqual([]);
      expect(fullIdsIn(text)).toEqual([]);
    });
  });

  it('masks an ID or a phone number that was passed unmasked by mistake', async () => {
    const doc: CaseDocumentData = {
      ...SAMPLE_ACCEPTANCE_NOTICE,
      workers: [{ name: '赵六', idNumberMasked: '11010519491231002X', phoneMasked: '13812345678' }],
    };
    const [{ text }] = extractText([await renderCaseDocument(doc)]);
    expect(squash(text)).toContain('1101**********002X');
    expect(squash(text)).toContain('138****5678');
    expect(squash(text)).not.toContain('11010519491231002X');
    expect(squash(text)).not.toContain('13812345678');
  });

  it('lays out a long collective case over several pages with every row and a page count', async () => {
    const workers = Array.from({ length: 12 }, (_, i) => ({
      name: `工人${String.fromCodePoint(0x4e00 + i)}`,
      idNumberMasked: `4203**********${String(1000 + i)}`,
      phoneMasked: `139****${String(1000 + i)}`,
    }));
    const history = Array.from({ length: 60 }, (_, i) => ({
      at: `2025-10-${String(1 + (i % 28)).padStart(2, '0')}T0${i % 10}:00:00Z`,
      what: `第${i + 1}项：调解员与双方当事人电话沟通，记录双方意见。`,
    }));
    const doc: HandoverPacketData = { ...SAMPLE_HANDOVER_PACKET, workers, history };
    const [extracted] = extractText([await renderCaseDocument(doc)]);
    expect(extracted.pages).toBeGreaterThanOrEqual(3);
    const text = squash(extracted.text);
    for (const w of workers) expect(text).toContain(w.name);
    expect(text).toContain('第60项');
    expect(text).toContain(squash(`第 ${extracted.pages} 页　共 ${extracted.pages} 页`));
  });

  it('keeps the signatures of a many-party agreement together, marking a signature-only page', async () => {
    const workers = Array.from({ length: 10 }, (_, i) => ({
      name: `工人${String.fromCodePoint(0x4e8c + i)}`,
      idNumberMasked: `4203**********${String(2000 + i)}`,
      phoneMasked: `139****${String(2000 + i)}`,
    }));
    const doc: AgreementData = { ...SAMPLE_AGREEMENT, workers };
    const [extracted] = extractText([await renderCaseDocument(doc)]);
    const text = squash(extracted.text);
    expect(text).toContain('一式十二份');
    expect(text).toContain(squash(`（此页无正文，为${doc.caseNo}号案件《调解协议书》签署页）`));
    expect(text.indexOf('此页无正文')).toBeLessThan(text.indexOf('申请人（签名）'));
  });

  it('refuses a character the font cannot draw instead of printing a box', async () => {
    await expect(renderCaseDocument({ ...SAMPLE_TERMINATION_NOTE, reason: '双方分歧较大😀' })).rejects.toThrow(MissingGlyphError);
    await expect(renderCaseDocument({ ...SAMPLE_TERMINATION_NOTE, reason: '双方分歧较大😀' })).rejects.toThrow(/U\+1F600/);
  });

  it('refuses malformed data with a RangeError', async () => {
    await expect(renderCaseDocument({ ...SAMPLE_AGREEMENT, items: [{ type: 'WAGE_ARREARS', agreedFen: 12.5 }] })).rejects.toThrow(RangeError);
    await expect(renderCaseDocument({ ...SAMPLE_AGREEMENT, confirmationWindowEnds: '2025-02-30' })).rejects.toThrow(/confirmationWindowEnds/);
    await expect(renderCaseDocument({ ...SAMPLE_ACCEPTANCE_NOTICE, workers: [] })).rejects.toThrow(/workers/);
    await expect(renderCaseDocument({ ...SAMPLE_ACCEPTANCE_NOTICE, kind: 'WHATEVER' } as unknown as CaseDocumentData)).rejects.toThrow(/kind/);
  });

  it('fails with CjkFontMissingError, telling the operator to install fonts-noto-cjk, when no CJK font is found', async () => {
    const saved = process.env.DOCUMENT_FONT_PATH;
    process.env.DOCUMENT_FONT_PATH = '/nonexistent/NotoSansCJK-Regular.ttc';
    try {
      let isolated!: typeof import('./index');
      jest.isolateModules(() => {
        isolated = require('./index');
      });
      const attempt = isolated.renderCaseDocument(SAMPLE_ACCEPTANCE_NOTICE);
      await expect(attempt).rejects.toThrow(isolated.CjkFontMissingError);
      await expect(isolated.renderCaseDocument(SAMPLE_ACCEPTANCE_NOTICE)).rejects.toThrow(/fonts-noto-cjk/);
    } finally {
      if (saved === undefined) delete process.env.DOCUMENT_FONT_PATH;
      else process.env.DOCUMENT_FONT_PATH = saved;
    }
  });
});
