// Screenshots of docs/examples/catalog for the README, taken with the system's Chromium.
// Run after scripts/build-examples-docs.mjs: node scripts/screenshot-catalog.mjs
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const site = join(repo, 'docs/examples/catalog');
const profile = mkdtempSync(join(tmpdir(), 'cxschema-shot-'));
const args = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args,
  viewport: { width: 1200, height: 900 },
});
try {
  const page = await context.newPage();
  await page.goto(pathToFileURL(join(site, 'index.html')).href);
  await page.screenshot({ path: join(repo, 'docs/images/catalog-index.png'), fullPage: true });
  await page.goto(pathToFileURL(join(site, 'schemas/product.html')).href);
  await page.screenshot({ path: join(repo, 'docs/images/catalog-schema.png'), fullPage: true });
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
