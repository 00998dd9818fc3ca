import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';

/**
 * Finding a font that can write Chinese, at run time. Order:
 *  1. DOCUMENT_FONT_PATH (and optionally DOCUMENT_FONT_BOLD_PATH): an operator's explicit choice;
 *     when it is set but unusable that is an error, never a silent fallback;
 *  2. known install paths of Noto CJK (Debian/Ubuntu fonts-noto-cjk first), then other CJK fonts;
 *  3. fontconfig: `fc-match ':lang=zh-cn'`, then `fc-list ':lang=zh-cn'`.
 * A font counts only if it really has glyphs for a sample of Chinese text, so a fontconfig
 * fallback such as DejaVu is never taken for a CJK font. Without one, CjkFontMissingError: a PDF of
 * empty boxes must never be issued.
 */

export const FONT_PATH_ENV = 'DOCUMENT_FONT_PATH';
export const BOLD_FONT_PATH_ENV = 'DOCUMENT_FONT_BOLD_PATH';

/** Text every usable font must cover: the titles' and numerals' characters. */
const COVERAGE_SAMPLE = '中华人民共和国劳动争议调解受理通知书协议终止移交函壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整年月日';

export interface KnownFont {
  regular: string;
  bold?: string;
}

/** Known install locations, most preferred first. */
export const KNOWN_CJK_FONTS: readonly KnownFont[] = [
  // Debian / Ubuntu: fonts-noto-cjk
  { regular: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', bold: '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc' },
  { regular: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', bold: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc' },
  // Alpine font-noto-cjk, Arch noto-fonts-cjk
  { regular: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', bold: '/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc' },
  { regular: '/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc', bold: '/usr/share/fonts/noto-cjk/NotoSerifCJK-Bold.ttc' },
  // Fedora / RHEL google-noto-cjk-fonts (static builds)
  { regular: '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc', bold: '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc' },
  // Debian / Ubuntu: other CJK font packages
  { regular: '/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc', bold: '/usr/share/fonts/truetype/noto/NotoSansCJK-Bold.ttc' },
  { regular: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc' },
  { regular: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc' },
  { regular: '/usr/share/fonts/truetype/arphic/uming.ttc' },
  { regular: '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf' },
];

export class CjkFontMissingError extends Error {
  override readonly name = 'CjkFontMissingError';

  constructor(
    detail: string,
    /** Where we looked, for the operator. */
    readonly searched: readonly string[],
  ) {
    super(
      `No font that can render Chinese was found, so the PDF document cannot be produced (${detail}). ` +
        `Install one, e.g. on Debian/Ubuntu: apt-get install -y fonts-noto-cjk (as root), ` +
        `or set ${FONT_PATH_ENV} to a .ttf/.otf/.ttc font that covers Simplified Chinese. ` +
        `Looked in: ${searched.join(', ') || '(nowhere)'}.`,
    );
  }
}

export interface CjkFontFace {
  path: string;
  /** The face's PostScript name, e.g. 'NotoSansCJKsc-Regular': picks the face out of a .ttc. */
  postscriptName: string;
  /** True for a .ttc/.otc, where postscriptName picks the face. */
  collection: boolean;
  /** The file's bytes, read once and cached. */
  data: Buffer;
  /**
   * The parsed face: handed to PDFKit for every document (parsed once), and used to check that
   * every character of a document has a glyph.
   */
  font: fontkit.Font;
}

export interface CjkFonts {
  regular: CjkFontFace;
  /** The bold face of the same family when installed; otherwise the regular face again. */
  bold: CjkFontFace;
  source: 'env' | 'known-path' | 'fontconfig';
}

export interface ResolveCjkFontOptions {
  env?: Record<string, string | undefined>;
  knownFonts?: readonly KnownFont[];
  /** Ask fc-match / fc-list when nothing else matched (default true). */
  useFontconfig?: boolean;
}

let cached: CjkFonts | undefined;

/**
 * The CJK fonts to render with. Cached after the first success when called without options (the
 * normal path); with options (tests, diagnostics) the search runs afresh and is not cached.
 * @throws CjkFontMissingError
 */
export function resolveCjkFonts(options?: ResolveCjkFontOptions): CjkFonts {
  if (!options && cached) return cached;
  const found = search(options ?? {});
  if (!options) cached = found;
  return found;
}

function search(options: ResolveCjkFontOptions): CjkFonts {
  const env = options.env ?? process.env;
  const searched: string[] = [];

  const override = env[FONT_PATH_ENV]?.trim();
  if (override) {
    searched.push(`${FONT_PATH_ENV}=${override}`);
    const regular = loadFace(override);
    if (!regular.ok) throw new CjkFontMissingError(`${FONT_PATH_ENV} is set but ${regular.why}`, searched);
    const boldPath = env[BOLD_FONT_PATH_ENV]?.trim();
    let bold = regular.face;
    if (boldPath) {
      searched.push(`${BOLD_FONT_PATH_ENV}=${boldPath}`);
      const loaded = loadFace(boldPath);
      if (!loaded.ok) throw new CjkFontMissingError(`${BOLD_FONT_PATH_ENV} is set but ${loaded.why}`, searched);
      bold = loaded.face;
    }
    return { regular: regular.face, bold, source: 'env' };
  }

  for (const known of options.knownFonts ?? KNOWN_CJK_FONTS) {
    searched.push(known.regular);
    if (!existsSync(known.regular)) continue;
    const regular = loadFace(known.regular);
    if (!regular.ok) continue;
    const bold = known.bold && existsSync(known.bold) ? loadFace(known.bold, boldNameFor(regular.face.postscriptName)) : undefined;
    return { regular: regular.face, bold: bold?.ok ? bold.face : regular.face, source: 'known-path' };
  }

  if (options.useFontconfig ?? true) {
    searched.push("fc-match ':lang=zh-cn'", "fc-list ':lang=zh-cn'");
    for (const candidate of fontconfigCandidates()) {
      const regular = loadFace(candidate.file, candidate.postscriptName);
      if (regular.ok) return { regular: regular.face, bold: regular.face, source: 'fontconfig' };
    }
  }
  throw new CjkFontMissingError('no installed font covers Simplified Chinese', searched);
}

/** 'NotoSansCJKsc-Regular' → 'NotoSansCJKsc-Bold', so the bold file gives the same script's face. */
function boldNameFor(postscriptName: string): string | undefined {
  return postscriptName.endsWith('-Regular') ? postscriptName.replace(/-Regular$/, '-Bold') : undefined;
}

type Loaded = { ok: true; face: CjkFontFace } | { ok: false; why: string };

const fileCache = new Map<string, Buffer>();

function loadFace(path: string, preferredName?: string): Loaded {
  let data = fileCache.get(path);
  if (!data) {
    try {
      data = readFileSync(path);
    } catch {
      return { ok: false, why: `${path} cannot be read` };
    }
  }
  let parsed: fontkit.Font | fontkit.FontCollection;
  try {
    parsed = fontkit.create(data);
  } catch {
    return { ok: false, why: `${path} is not a font file fontkit can read` };
  }
  const faces = 'fonts' in parsed ? parsed.fonts : [parsed];
  const usable = faces.filter((f) => isStaticFont(f) && covers(f));
  if (usable.length === 0) return { ok: false, why: `${path} has no face that covers Simplified Chinese` };
  const face = pickFace(usable, preferredName);
  fileCache.set(path, data);
  return { ok: true, face: { path, postscriptName: face.postscriptName, collection: 'fonts' in parsed, data, font: face } };
}

/** Variable (CFF2 / gvar) fonts are not embedded reliably by the PDF writer; prefer static faces. */
function isStaticFont(font: fontkit.Font): boolean {
  try {
    return Object.keys(font.variationAxes ?? {}).length === 0;
  } catch {
    return true;
  }
}

function covers(font: fontkit.Font): boolean {
  try {
    for (const ch of COVERAGE_SAMPLE) if (!font.hasGlyphForCodePoint(ch.codePointAt(0)!)) return false;
    return true;
  } catch {
    return false;
  }
}

/** Simplified-Chinese forms first (a .ttc often holds JP, KR, SC, TC, HK faces), proportional before mono. */
function pickFace(faces: readonly fontkit.Font[], preferredName?: string): fontkit.Font {
  if (preferredName) {
    const exact = faces.find((f) => f.postscriptName === preferredName);
    if (exact) return exact;
  }
  const score = (f: fontkit.Font): number =>
    (/(CJKsc|SC\b|SC-|CN|GB|Hans)/.test(f.postscriptName ?? '') ? 2 : 0) + (/Mono/i.test(f.postscriptName ?? '') ? 0 : 1);
  return [...faces].sort((a, b) => score(b) - score(a))[0];
}

interface FontconfigCandidate {
  file: string;
  postscriptName?: string;
}

function fontconfigCandidates(): FontconfigCandidate[] {
  const out: FontconfigCandidate[] = [];
  const run = (cmd: string, args: string[]): string | undefined => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      return undefined; // fontconfig not installed, or no match
    }
  };
  const parseLines = (text: string | undefined): void => {
    for (const line of (text ?? '').split('\n')) {
      const [file, postscriptName] = line.split('\t');
      if (file && !out.some((c) => c.file === file)) out.push({ file, postscriptName: postscriptName || undefined });
    }
  };
  parseLines(run('fc-match', ['-f', '%{file}\t%{postscriptname}\n', ':lang=zh-cn']));
  parseLines(run('fc-list', ['-f', '%{file}\t%{postscriptname}\n', ':lang=zh-cn']));
  return out;
}
