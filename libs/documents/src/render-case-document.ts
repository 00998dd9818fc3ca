import { formatYuan, sumFen, type Fen } from '@tiaojie/domain';
import { fenToChineseCapital } from './chinese-capital';
import { formatChineseDate, formatChineseDateTime } from './chinese-date';
import { resolveCjkFonts } from './cjk-font';
import {
  type AcceptanceNoticeData,
  type AgreementData,
  type CaseDocumentCommon,
  type CaseDocumentData,
  DOCUMENT_KINDS,
  DOCUMENT_TITLES,
  type HandoverPacketData,
  type TerminationNoteData,
} from './document-data';
import { claimTypeLabel } from './labels';
import { PdfComposer, type TableColumn } from './pdf-composer';
import { ensureMaskedId, ensureMaskedPhone } from './redaction';

/** Chinese ordinal section numbers: 一、二、… */
const SECTION_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'] as const;

/** 人民币壹万贰仟伍佰元整（¥12,500.00） */
export function formatAmount(fen: Fen): string {
  return `人民币${fenToChineseCapital(fen)}（${formatYuan(fen)}）`;
}

const AMOUNT_COLUMNS = (first: string, second: string): TableColumn[] => [
  { header: '序号', width: 34, align: 'center' },
  { header: first, width: 150 },
  { header: second, width: 92, align: 'right' },
  { header: '大写金额' },
];

/**
 * Renders one case document as an A4 PDF in Simplified Chinese, the font embedded.
 *
 * @throws CjkFontMissingError when no installed font can write Chinese
 * @throws MissingGlyphError when the text holds a character the font cannot draw
 * @throws RangeError when the data is malformed (a fen amount that is not a whole non-negative
 *   number, a date that is not 'YYYY-MM-DD' or an ISO instant, no worker, an unknown kind)
 */
export async function renderCaseDocument(doc: CaseDocumentData): Promise<Buffer> {
  validateCommon(doc);
  const fonts = resolveCjkFonts();
  const title = DOCUMENT_TITLES[doc.kind];
  const pdf = new PdfComposer(fonts, {
    title,
    author: doc.centreName,
    subject: `${title}（案件编号：${doc.caseNo}）`,
    docNo: doc.docNo,
    creationDate: creationDateOf(doc.issuedAt),
  });
  pdf.docNumber();
  pdf.title(title);
  pdf.subtitle(`案件编号：${doc.caseNo}`);

  switch (doc.kind) {
    case 'ACCEPTANCE_NOTICE':
      acceptanceNotice(pdf, doc);
      break;
    case 'AGREEMENT':
      agreement(pdf, doc);
      break;
    case 'TERMINATION_NOTE':
      terminationNote(pdf, doc);
      break;
    case 'HANDOVER_PACKET':
      handoverPacket(pdf, doc);
      break;
  }
  return pdf.finish();
}

function validateCommon(doc: CaseDocumentData): void {
  if (!doc || !(DOCUMENT_KINDS as readonly string[]).includes(doc.kind)) {
    throw new RangeError(`kind must be one of ${DOCUMENT_KINDS.join(', ')}`);
  }
  for (const field of ['docNo', 'caseNo', 'centreName', 'issuedAt'] as const) {
    if (typeof doc[field] !== 'string' || doc[field].trim() === '') throw new RangeError(`${field} is required`);
  }
  if (!Array.isArray(doc.workers) || doc.workers.length === 0) throw new RangeError('workers must name at least one worker');
  if (!doc.employer || !doc.employer.name) throw new RangeError('employer.name is required');
  formatChineseDate(doc.issuedAt, 'issuedAt');
}

/** The PDF's CreationDate: the issue time, so the same data renders the same metadata. */
function creationDateOf(issuedAt: string): Date | undefined {
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(issuedAt) ? `${issuedAt}T00:00:00+08:00` : issuedAt);
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}

/** Numbers the sections 一、二、三… as they are added. */
function sections(pdf: PdfComposer): (title: string) => void {
  let n = 0;
  return (title) => {
    pdf.heading(`${SECTION_NUMERALS[n] ?? String(n + 1)}、${title}`);
    n += 1;
  };
}

function workerNames(doc: CaseDocumentCommon): string {
  return doc.workers.map((w) => w.name).join('、');
}

function parties(pdf: PdfComposer, doc: CaseDocumentCommon): void {
  const many = doc.workers.length > 1;
  const e = doc.employer;
  const details = [`统一社会信用代码：${e.creditCode}`];
  if (e.legalRepresentative) details.push(`法定代表人：${e.legalRepresentative}`);
  if (e.address) details.push(`住所：${e.address}`);
  pdf.fields([
    ...doc.workers.map((w, i) => ({
      label: many ? `申请人${i + 1}` : '申请人',
      value: `${w.name}，公民身份号码：${ensureMaskedId(w.idNumberMasked)}，联系电话：${ensureMaskedPhone(w.phoneMasked)}`,
    })),
    // The credit code is printed as given (raw): it is the employer's public identifier, not a person's ID.
    { label: '被申请人', value: `${e.name}，${details.join('，')}`, raw: true },
  ]);
}

function claimsTable(pdf: PdfComposer, doc: CaseDocumentCommon): void {
  if (doc.claims.length === 0) {
    pdf.paragraph('申请人未提出具体金额的请求。');
    return;
  }
  const total = sumFen(doc.claims.map((c) => c.claimedFen));
  pdf.table(
    AMOUNT_COLUMNS('请求事项', '请求金额'),
    doc.claims.map((c, i) => [String(i + 1), claimTypeLabel(c.type), formatYuan(c.claimedFen), fenToChineseCapital(c.claimedFen)]),
    [['', '合计', formatYuan(total), fenToChineseCapital(total)]],
  );
}

function sealLines(doc: CaseDocumentCommon, date: string, signer = '调解员'): string[] {
  return [`${signer}：${doc.mediatorName ?? '　　　　　　　　'}`, doc.centreName, '（调解中心盖章）', formatChineseDate(date)];
}

function centreWithRegion(doc: CaseDocumentCommon): string {
  return doc.regionName ? `${doc.centreName}（${doc.regionName}）` : doc.centreName;
}

function acceptanceNotice(pdf: PdfComposer, doc: AcceptanceNoticeData): void {
  const accepted = formatChineseDate(doc.acceptedAt, 'acceptedAt');
  const due = formatChineseDate(doc.mediationDueDate, 'mediationDueDate');
  const arbitration = formatChineseDate(doc.arbitrationRightDate, 'arbitrationRightDate');
  const section = sections(pdf);

  pdf.paragraph(`${workerNames(doc)}：`, { indent: false });
  pdf.paragraph(
    `你（们）与${doc.employer.name}之间的劳动争议调解申请，${centreWithRegion(doc)}已于${accepted}决定受理，` +
      `案件编号为${doc.caseNo}。现将有关事项通知如下：`,
  );

  section('当事人');
  parties(pdf, doc);
  section('调解请求');
  claimsTable(pdf, doc);
  section('事实与理由');
  pdf.paragraph(doc.facts);
  section('调解期限');
  pdf.paragraph(
    `本案调解期限为十五日，自受理之日起计算，至${due}届满。经双方当事人同意，可以延长调解期限。` +
      `调解期限届满未达成调解协议的，本中心将出具调解终止书。`,
  );
  section('权利告知');
  pdf.numbered([
    `依照《中华人民共和国劳动争议调解仲裁法》第十四条，自调解组织收到调解申请之日起十五日内未达成调解协议的，当事人可以依法申请仲裁。` +
      `自${arbitration}起，如仍未达成调解协议，你（们）可以向有管辖权的劳动人事争议仲裁委员会申请仲裁；本中心可以继续组织调解。`,
    '调解遵循自愿、合法原则。调解期间，当事人有权要求终止调解，也可以委托代理人参加调解。',
    '劳动争议申请仲裁的时效期间为一年，从当事人知道或者应当知道其权利被侵害之日起计算（《中华人民共和国劳动争议调解仲裁法》第二十七条）。请妥善保管劳动合同、工资支付凭证、考勤记录等证据材料。',
    ...(doc.mediatorName ? [`本案承办调解员：${doc.mediatorName}。`] : []),
  ]);
  pdf.closing('特此通知。', sealLines(doc, doc.issuedAt));
}

function agreement(pdf: PdfComposer, doc: AgreementData): void {
  const signed = formatChineseDate(doc.signedAt, 'signedAt');
  const confirmationEnds = formatChineseDate(doc.confirmationWindowEnds, 'confirmationWindowEnds');
  if (!Array.isArray(doc.items) || doc.items.length === 0) throw new RangeError('items must hold at least one agreed item');
  const agreedTotal = sumFen(doc.items.map((i) => i.agreedFen));
  const scheduleTotal = sumFen(doc.schedule.map((s) => s.amountFen));
  const section = sections(pdf);

  section('当事人');
  parties(pdf, doc);
  if (doc.mediatorName) pdf.field('调解员', doc.mediatorName);
  pdf.field('调解组织', centreWithRegion(doc));

  section('争议事实及争议事项');
  pdf.paragraph(doc.facts);
  pdf.paragraph(claimsSentence(doc));

  section('协议内容');
  pdf.paragraph(`经${doc.centreName}主持调解，双方当事人在平等自愿的基础上，就上述争议达成如下协议：`);
  pdf.table(
    AMOUNT_COLUMNS('协议事项', '协议金额'),
    doc.items.map((item, i) => [String(i + 1), claimTypeLabel(item.type), formatYuan(item.agreedFen), fenToChineseCapital(item.agreedFen)]),
    [['', '合计', formatYuan(agreedTotal), fenToChineseCapital(agreedTotal)]],
  );
  pdf.paragraph(`被申请人共计向申请人支付${formatAmount(agreedTotal)}。`);

  section('履行方式和期限');
  if (doc.schedule.length === 0) {
    pdf.paragraph('被申请人于本协议生效之日一次性支付上述款项。');
  } else {
    pdf.paragraph('被申请人按下列期限将上述款项支付给申请人：');
    pdf.table(
      [
        { header: '期次', width: 46, align: 'center' },
        { header: '最迟支付日期', width: 138 },
        { header: '支付金额', width: 92, align: 'right' },
        { header: '大写金额' },
      ],
      doc.schedule.map((s, i) => [`第${i + 1}期`, formatChineseDate(s.dueDate, `schedule[${i}].dueDate`), formatYuan(s.amountFen), fenToChineseCapital(s.amountFen)]),
      [['', '合计', formatYuan(scheduleTotal), fenToChineseCapital(scheduleTotal)]],
    );
  }
  pdf.paragraph(
    '用人单位在协议约定期限内不履行的，劳动者可以依法申请仲裁（《中华人民共和国劳动争议调解仲裁法》第十五条）；' +
      '因支付拖欠劳动报酬、工伤医疗费、经济补偿或者赔偿金事项达成调解协议，用人单位在协议约定期限内不履行的，' +
      '劳动者可以持本调解协议书依法向人民法院申请支付令（同法第十六条）。',
  );

  section('协议效力');
  const copies = doc.workers.length + 2;
  pdf.numbered([
    '本协议书经双方当事人签名或者盖章、调解员签名并加盖调解中心印章后生效，对双方当事人具有约束力，当事人应当履行' +
      '（《中华人民共和国劳动争议调解仲裁法》第十四条、《中华人民共和国人民调解法》第二十九条、第三十一条）。',
    `双方当事人可以自本协议生效之日起三十日内共同向人民法院申请司法确认（《中华人民共和国人民调解法》第三十三条），申请期限至${confirmationEnds}止。` +
      '人民法院依法确认调解协议有效，一方当事人拒绝履行或者未全部履行的，对方当事人可以向人民法院申请强制执行。',
    `本协议书一式${chineseCount(copies)}份，双方当事人各执一份，调解中心留存一份，具有同等效力。`,
  ]);

  pdf.signatureArea(
    [
      ...doc.workers.map((w) => ({ label: '申请人（签名）', filled: w.name })),
      { label: '被申请人（盖章）', filled: doc.employer.name },
      { label: '法定代表人或委托代理人（签名）', filled: undefined },
      { label: '调解员（签名）', filled: doc.mediatorName },
    ],
    [doc.centreName, '（调解中心盖章）', `签订日期：${signed}`],
    `（此页无正文，为${doc.caseNo}号案件《调解协议书》签署页）`,
  );
}

/** The claims in one sentence, for the agreement, where the agreed items carry the table. */
function claimsSentence(doc: CaseDocumentCommon): string {
  if (doc.claims.length === 0) return '申请人未提出具体金额的请求。';
  const total = sumFen(doc.claims.map((c) => c.claimedFen));
  const parts = doc.claims.map((c) => `${claimTypeLabel(c.type)}${formatYuan(c.claimedFen)}`);
  return `申请人请求被申请人支付：${parts.join('；')}，合计${formatAmount(total)}。`;
}

function terminationNote(pdf: PdfComposer, doc: TerminationNoteData): void {
  const terminated = formatChineseDate(doc.terminatedAt, 'terminatedAt');
  const section = sections(pdf);

  pdf.paragraph(
    `申请人${workerNames(doc)}与被申请人${doc.employer.name}劳动争议一案（案件编号：${doc.caseNo}），${centreWithRegion(doc)}受理后依法组织调解，` +
      `双方当事人未能达成调解协议，本中心于${terminated}终止调解。`,
  );
  section('当事人');
  parties(pdf, doc);
  section('申请人的请求事项');
  claimsTable(pdf, doc);
  section('争议事实');
  pdf.paragraph(doc.facts);
  section('终止调解的原因');
  pdf.paragraph(doc.reason);
  section('证明事项');
  pdf.paragraph(
    `本中心证明：本案已经${doc.centreName}依法调解，调解未能达成协议，已于${terminated}终止调解。` +
      '本终止书可以作为当事人已经申请劳动争议调解、调解未达成协议的证明。',
    { bold: true },
  );
  section('当事人的权利和后续途径');
  pdf.paragraph(
    '依照《中华人民共和国劳动争议调解仲裁法》第十四条，自劳动争议调解组织收到调解申请之日起十五日内未达成调解协议的，' +
      '当事人可以依法申请仲裁。当事人可以：',
  );
  pdf.numbered([
    ...doc.nextSteps,
    '劳动争议申请仲裁的时效期间为一年，从当事人知道或者应当知道其权利被侵害之日起计算；劳动关系存续期间因拖欠劳动报酬发生争议的，' +
      '劳动者申请仲裁不受该时效期间的限制，但劳动关系终止的，应当自劳动关系终止之日起一年内提出（《中华人民共和国劳动争议调解仲裁法》第二十七条）。',
  ]);
  pdf.closing('特此证明。', sealLines(doc, doc.issuedAt));
}

function handoverPacket(pdf: PdfComposer, doc: HandoverPacketData): void {
  const section = sections(pdf);
  const ref = doc.courtCaseRef ? `贵院案号：${doc.courtCaseRef}；` : '';

  pdf.paragraph(`${doc.courtName}：`, { indent: false });
  pdf.paragraph(
    `贵院委派${centreWithRegion(doc)}进行诉前调解的申请人${workerNames(doc)}与被申请人${doc.employer.name}劳动争议纠纷一案` +
      `（${ref}本中心案件编号：${doc.caseNo}），本中心已依法组织调解，双方当事人未能达成调解协议。` +
      '现将本案移交贵院，请依法登记立案。有关情况函告如下：',
  );
  section('当事人基本情况');
  parties(pdf, doc);
  section('当事人的请求事项');
  claimsTable(pdf, doc);
  section('案件基本事实');
  pdf.paragraph(doc.facts);
  section('争议焦点');
  if (doc.pointsInDispute.length > 0) pdf.numbered(doc.pointsInDispute);
  else pdf.paragraph('（未归纳争议焦点）');
  section('调解未成功的原因');
  pdf.paragraph(doc.reason);
  section('调解经过');
  if (doc.history.length > 0) {
    pdf.table(
      [
        { header: '序号', width: 34, align: 'center' },
        { header: '时间', width: 118 },
        { header: '事项' },
      ],
      doc.history.map((h, i) => [String(i + 1), formatChineseDateTime(h.at, `history[${i}].at`), h.what]),
    );
  } else {
    pdf.paragraph('（无调解过程记录）');
  }
  pdf.closing('特此函告。', sealLines(doc, doc.issuedAt));
}

/** Counts in Chinese numerals as in 一式三份 (digits from 100 up). */
function chineseCount(n: number): string {
  const d = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
  if (n < 10) return d[n];
  if (n < 100) return `${n >= 20 ? d[Math.floor(n / 10)] : ''}十${n % 10 ? d[n % 10] : ''}`;
  return String(n);
}
