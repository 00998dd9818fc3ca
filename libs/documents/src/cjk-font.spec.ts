import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CjkFontMissingError, FONT_PATH_ENV, KNOWN_CJK_FONTS, resolveCjkFonts } from './cjk-font';

const LATIN_ONLY_FONT = [
  resolve(__dirname, '../../../node_modules/pdfjs-dist/standard_fonts/LiberationSans-Regular.ttf'),
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
].find((p) => existsSync(p));

function hasFontconfig(): boolean {
  try {
    execFileSync('fc-match', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('resolveCjkFonts', () => {
  it('finds the installed Noto CJK font and picks its Simplified Chinese face (CI installs fonts-noto-cjk)', () => {
    const fonts = resolveCjkFonts({ env: {} });
    expect(fonts.source).toBe('known-path');
    expect(fonts.regular.path).toBe(KNOWN_CJK_FONTS[0].regular);
    expect(fonts.regular.postscriptName).toBe('NotoSansCJKsc-Regular');
    expect(fonts.bold.postscriptName).toBe('NotoSansCJKsc-Bold');
    expect(fonts.regular.font.hasGlyphForCodePoint('调'.codePointAt(0)!)).toBe(true);
  });

  it('takes DOCUMENT_FONT_PATH first, picking the SC face of a collection by itself', () => {
    const fonts = resolveCjkFonts({ env: { [FONT_PATH_ENV]: KNOWN_CJK_FONTS[1].regular } });
    expect(fonts.source).toBe('env');
    expect(fonts.regular.postscriptName).toBe('NotoSerifCJKsc-Regular');
    expect(fonts.bold).toBe(fonts.regular);
  });

  it('fails with an operator-facing message when DOCUMENT_FONT_PATH does not exist', () => {
    const attempt = () => resolveCjkFonts({ env: { [FONT_PATH_ENV]: '/nonexistent/font.ttc' } });
    expect(attempt).toThrow(CjkFontMissingError);
    expect(attempt).toThrow(/apt-get install -y fonts-noto-cjk/);
    expect(attempt).toThrow(/DOCUMENT_FONT_PATH/);
  });

  it('fails when DOCUMENT_FONT_PATH is not a font', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'font-')), 'not-a-font.ttf');
    writeFileSync(file, 'hello');
    expect(() => resolveCjkFonts({ env: { [FONT_PATH_ENV]: file } })).toThrow(CjkFontMissingError);
  });

  (LATIN_ONLY_FONT ? it : it.skip)('refuses a font without Chinese glyphs rather than render boxes', () => {
    expect(() => resolveCjkFonts({ env: { [FONT_PATH_ENV]: LATIN_ONLY_FONT! } })).toThrow(/no face that covers Simplified Chinese/);
    expect(() =>
      resolveCjkFonts({ env: {}, knownFonts: [{ regular: LATIN_ONLY_FONT! }], useFontconfig: false }),
    ).toThrow(CjkFontMissingError);
  });

  it('fails when nothing is installed, listing where it looked', () => {
    let error: unknown;
    try {
      resolveCjkFonts({ env: {}, knownFonts: [{ regular: '/nonexistent/a.ttc' }], useFontconfig: false });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CjkFontMissingError);
    expect((error as CjkFontMissingError).searched).toEqual(['/nonexistent/a.ttc']);
    expect((error as Error).message).toContain('/nonexistent/a.ttc');
  });

  (hasFontconfig() ? it : it.skip)('asks fontconfig when no known path has a font', () => {
    const fonts = resolveCjkFonts({ env: {}, knownFonts: [] });
    expect(fonts.source).toBe('fontconfig');
    expect(fonts.regular.font.hasGlyphForCodePoint('争'.codePointAt(0)!)).toBe(true);
  });
});
