// Shared by the browser tests: a fresh client build when sources changed, and Debian's chromium.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const webRoot = path.resolve(import.meta.dirname, '..');
export const repoRoot = path.resolve(webRoot, '../..');
export const screenshotDir = process.env.PARLEY_E2E_SCREENSHOTS ?? fs.mkdtempSync(path.join(os.tmpdir(), 'parley-e2e-'));
fs.mkdirSync(screenshotDir, { recursive: true });

function newestMtime(dir: string, files: readonly string[]): number {
  return Math.max(...files.map((f) => fs.statSync(path.join(dir, f)).mtimeMs));
}

function sourcesOf(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true }).map((f) => path.join(path.basename(dir), String(f)));
}

/** Builds the web client unless dist/ is newer than every source (the test script may run right after a build). */
export function ensureWebBuild(): void {
  const index = path.join(webRoot, 'dist', 'index.html');
  const builtAt = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  if (builtAt > newestMtime(webRoot, ['index.html', 'vite.config.ts', ...sourcesOf(path.join(webRoot, 'src'))])) return;
  const vite = path.join(repoRoot, 'node_modules/vite/bin/vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: webRoot, stdio: 'inherit' });
  assert.equal(r.status, 0, 'vite build failed');
}

/** Bundles the server as `npm start` does, unless dist/main.js is newer than its sources. */
export function ensureServerBuild(): string {
  const server = path.join(repoRoot, 'packages/server');
  const main = path.join(server, 'dist/main.js');
  const builtAt = fs.existsSync(main) ? fs.statSync(main).mtimeMs : 0;
  if (builtAt <= newestMtime(server, sourcesOf(path.join(server, 'src')))) {
    const r = spawnSync(process.execPath, [path.join(server, 'scripts/build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
    assert.equal(r.status, 0, 'server build failed');
  }
  return main;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A desktop-sized page that records script errors and console errors other than the allowed ones. */
export async function openPage(browser: Browser, allowed: readonly RegExp[] = []): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', colorScheme: 'light', reducedMotion: 'reduce' });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    // Asking "who am I" before signing in answers 401: expected, not a problem.
    if (msg.type() === 'error' && !/status of 401/.test(msg.text()) && !allowed.some((re) => re.test(msg.text()))) problems.push(`console: ${msg.text()}`);
  });
  return { context, page, problems };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}

/** A real PNG of one colour (for uploads the server must decode to make a thumbnail), made here. */
export function pngBytes(width: number, height: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, Buffer.from(rgb))]);
  const pixels = zlib.deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}
