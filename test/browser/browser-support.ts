import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

const ROOT = join(__dirname, '..', '..');
export const WEB_INDEX = join(ROOT, 'apps', 'web', 'dist', 'index.html');
export const SCREENSHOTS = join(ROOT, 'test', 'artifacts', 'screenshots');
/** Debian's Chromium (`apt-get install chromium`); playwright-core never downloads a browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let n = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    n = Math.max(n, newest(join(path, entry.name)));
  }
  return n;
}

/**
 * Builds the web console (`npm run build:web` → apps/web/dist) when it is missing or older than
 * its sources, or than the domain code it shares with the server.
 */
export function ensureWebBuilt(): void {
  const built = existsSync(WEB_INDEX) ? statSync(WEB_INDEX).mtimeMs : 0;
  const sources = Math.max(newest(join(ROOT, 'apps', 'web')), newest(join(ROOT, 'libs', 'domain', 'src')));
  if (built > sources) return;
  execSync('npm run build:web', { cwd: ROOT, stdio: 'pipe', timeout: 300_000 });
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (see .ci/run)`);
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage', '--font-render-hinting=none'] });
}

/**
 * A browser context of one user: Chinese, Asia/Shanghai, a desktop screen, and the page's clock set
 * to the server's (shared test) clock, so dates the console proposes are "now" for the server too.
 */
export async function newContext(browser: Browser, baseURL: string, serverNow: Date, locale = 'zh-CN'): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, locale, timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  await context.clock.install({ time: serverNow });
  return context;
}

/**
 * A screenshot into test/artifacts/screenshots/<name>.png (look at them: CJK text, no overlaps):
 * the whole page from its top, or only the screen when a dialog is open (its mask covers the screen).
 */
export async function screenshot(page: Page, name: string, { fullPage = true } = {}): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  // Let fonts, charts and transitions settle first; a full page is taken from the top, where the sticky header belongs.
  await page.evaluate('document.fonts.ready.then(() => true)');
  if (fullPage) await page.evaluate('window.scrollTo(0, 0)');
  await page.waitForTimeout(400);
  await page.screenshot({ path, fullPage });
  return path;
}

export async function login(page: Page, username: string, password = 'tiaojie-demo'): Promise<void> {
  await page.goto('/login');
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('greeting').waitFor();
}

/** Picks an option of an antd Select by its visible text. */
export async function pickOption(page: Page, select: Locator, text: string): Promise<void> {
  await select.click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
}

/** Waits until `probe` answers truthy (the page re-renders on its own schedule). */
export async function eventually<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 15_000, everyMs = 200): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** '¥12,500.00' → 1250000 (integer fen, as the page shows it). */
export function fenOf(text: string | null): number {
  const m = /(-?)¥([\d,]+)\.(\d{2})/.exec(text ?? '');
  if (!m) throw new Error(`no amount in ${JSON.stringify(text)}`);
  return (m[1] ? -1 : 1) * (Number(m[2].replace(/,/g, '')) * 100 + Number(m[3]));
}
