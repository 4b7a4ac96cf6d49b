/**
 * The catalog in a real browser: headless Chromium (the system's, driven by playwright-core) opens the
 * generated site from a file:// URL, finds every schema, follows the diagram to a schema page and back,
 * narrows the list by typing, and sees no console error and no request leave the file system. Screenshots
 * go to test-artifacts/ (ignored by git) for people to look at.
 */
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-process.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ARTIFACTS = join(process.cwd(), 'test-artifacts');
/**
 * How long a page may take to get where the test waits for it to be: a hang guard only, generous for a loaded
 * machine, where the diagram's layout alone can take seconds. Playwright's own errors then say what never came.
 */
const PATIENCE = { timeout: 120_000 };
/** The externalIds of the example schemas, sorted: each file is named after its externalId. */
let EXAMPLES: string[] = [];

/** What the tests read of an element in the page (the DOM's types are not in this project's lib). */
interface PageElement {
  getAttribute(name: string): string | null;
}

let site: string;
let profile: string;
let context: BrowserContext;
const requests: string[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  EXAMPLES = (await readdir(join(process.cwd(), 'examples'), { recursive: true }))
    .filter((file) => file.endsWith('.schema.yaml'))
    .map((file) => basename(file, '.schema.yaml'))
    .sort();
  site = await mkdtemp(join(tmpdir(), 'cxschema-site-'));
  profile = await mkdtemp(join(tmpdir(), 'cxschema-chromium-'));
  await mkdir(ARTIFACTS, { recursive: true });
  const built = await runCli(['docs', '--out', site, '--title', 'Example catalog'], { cwd: process.cwd() });
  expect(built.code, built.stderr).toBe(0);
  // A fresh profile for each run: nothing cached, no state from an earlier run.
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
    ...PATIENCE,
  });
  context.setDefaultTimeout(PATIENCE.timeout);
  context.on('request', (request) => requests.push(request.url()));
  context.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  context.on('weberror', (error) => consoleErrors.push(error.error().message));
});

afterAll(async () => {
  await context?.close();
  await rm(site, { recursive: true, force: true });
  await rm(profile, { recursive: true, force: true });
});

function indexUrl(): string {
  return pathToFileURL(join(site, 'index.html')).href;
}

async function visibleIds(page: Page): Promise<string[]> {
  return page
    .locator('#schema-list li:visible')
    .evaluateAll((items: PageElement[]) => items.map((item) => item.getAttribute('data-id') ?? ''));
}

describe('the schema catalog in Chromium', () => {
  it('lists every schema, links the diagram to the pages and back, and narrows by search', async () => {
    const page = await context.newPage();
    await page.goto(indexUrl());
    expect(await visibleIds(page)).toEqual(EXAMPLES);
    await expect.poll(() => page.locator('#graph svg').count(), PATIENCE).toBe(1);
    // Every schema is a node of the diagram, and a link.
    const nodeLinks = await page
      .locator('#graph svg a')
      .evaluateAll((links: PageElement[]) => links.map((a) => a.getAttribute('xlink:href') ?? a.getAttribute('href')));
    expect([...new Set(nodeLinks)].sort()).toEqual(EXAMPLES.map((id) => `schemas/${id}.html`));
    await page.screenshot({ path: join(ARTIFACTS, 'catalog-index.png'), fullPage: true });

    await page
      .locator('#graph svg a')
      .filter({ hasText: /^\s*purchase_order\s*$/ })
      .click();
    await page.waitForURL(/schemas\/purchase_order\.html$/);
    expect(await page.locator('h1').textContent()).toBe('Purchase Order');
    expect(await page.locator('table.fields tbody tr').count()).toBe(7);
    expect(await page.locator('#field-lines\\[\\]\\.item td').nth(1).textContent()).toBe('reference → stock_item');
    await page.screenshot({ path: join(ARTIFACTS, 'catalog-schema.png'), fullPage: true });
    await page.locator('a', { hasText: 'stock_item' }).first().click();
    await page.waitForURL(/schemas\/stock_item\.html$/);
    expect(
      await page.locator('section', { hasText: 'Referenced by' }).locator('a', { hasText: 'purchase_order' }).count(),
    ).toBe(1);
    await page.locator('#back').click();
    await page.waitForURL(/index\.html$/);

    await page.locator('#search').fill('quantity');
    await expect.poll(() => visibleIds(page), PATIENCE).toEqual(['purchase_order', 'stock_item']);
    expect(await page.locator('#count').textContent()).toBe(`2 of ${EXAMPLES.length} schemas match`);
    expect(await page.locator('li[data-id="purchase_order"] .match').textContent()).toBe('fields: lines[].quantity');
    await page.locator('#search').fill('Purchase');
    await expect.poll(() => visibleIds(page), PATIENCE).toEqual(['purchase_order']);
    await page.locator('#search').fill('no such thing');
    await expect.poll(() => visibleIds(page), PATIENCE).toEqual([]);
    await page.locator('#search').fill('');
    await expect.poll(() => visibleIds(page), PATIENCE).toEqual(EXAMPLES);
    await page.close();
  });

  it('reads on a phone and in dark mode', async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(pathToFileURL(join(site, 'schemas', 'product.html')).href);
    const background = await page.evaluate('getComputedStyle(document.body).backgroundColor');
    expect(background).toBe('rgb(18, 21, 27)');
    // Nothing wider than the screen but the scrollable table.
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(ARTIFACTS, 'catalog-phone-dark.png'), fullPage: true });
    await page.close();
  });

  it('made no request outside the file system and logged no error', () => {
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
