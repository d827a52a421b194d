// The web console in a real browser: Debian's Chromium (scripts/install-chromium.sh) driven by
// playwright-core, against a real dev node that serves the console built by `npm run build`.
// The explorer shows a block live once a transaction commits, and its transaction with the
// inclusion proof checked in the page; the verifier accepts a document with its real receipt
// and refuses the same document with one byte changed; a key file signs in; the language switch
// turns the page to Chinese; a phone-sized screen needs no sideways scrolling.
//
// Screenshots of each page go to a temporary folder, or to docs/screenshots/ with
// CONSOLE_SCREENSHOTS=1 (npm run screenshots), for the README.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sha256, toHex } from '@creditchain/core';
import { buildAnchorTx } from '@creditchain/sdk';
import { devNode } from './support/dev-node.js';

const CHROMIUM = '/usr/bin/chromium';
const CONSOLE_INDEX = fileURLToPath(new URL('../packages/console/dist/index.html', import.meta.url));
const SCREENSHOTS = process.env.CONSOLE_SCREENSHOTS === '1' ? fileURLToPath(new URL('../docs/screenshots/', import.meta.url)) : undefined;
// The flags this machine's Chromium needs: as root no sandbox, and no background connections,
// which the closed network refuses (machines/polyglot.md).
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const node = devNode({ prefix: 'cc-console-e2e-' });
const files = mkdtempSync(join(tmpdir(), 'cc-console-files-'));
const shots = SCREENSHOTS ?? join(files, 'screenshots');
let browser: Browser;
let page: Page;
let url: string;
const pageErrors: string[] = [];

async function anchor(content: Uint8Array): Promise<{ hash: string; height: number; tx: string }> {
  const hash = sha256(content);
  const tx = buildAnchorTx({ ...(await node.signer('demo-bank')), items: [{ hash, label: 'contract.pdf' }] });
  const reply = await node.send(tx);
  return { hash: toHex(hash), height: reply.height!, tx: toHex(tx.id) };
}

async function shoot(name: string): Promise<void> {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  // Fail, never skip: a machine without the browser must not pass these tests silently.
  if (!existsSync(CHROMIUM)) throw new Error(`The browser tests need Debian's Chromium at ${CHROMIUM}, and it is not installed: run npm run chromium (scripts/install-chromium.sh; apt packages chromium and chromium-driver).`);
  if (!existsSync(CONSOLE_INDEX)) throw new Error(`The console is not built (${CONSOLE_INDEX} is missing): run npm run build at the repository root.`);
  mkdirSync(shots, { recursive: true });
  mkdirSync(join(files, 'changed'));
  url = (await node.start()).url;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1100, height: 900 }, locale: 'en-GB' });
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

afterEach(() => {
  expect(pageErrors, 'errors the page threw').toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await node.stop();
  rmSync(files, { recursive: true, force: true });
});

describe('web console in Chromium', () => {
  it('the node serves the console at / and at its own paths; the API keeps its JSON 404s', async () => {
    for (const path of ['/', '/verify', '/blocks/1']) {
      const res = await fetch(url + path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
    }
    const api404 = await fetch(`${url}/v1/no-such-route`);
    expect(api404.status).toBe(404);
    expect(await api404.json()).toMatchObject({ code: 'API_NOT_FOUND' });
    expect((await fetch(`${url}/assets/no-such-file.js`)).status).toBe(404);
    expect((await fetch(`${url}/openapi.json`)).headers.get('content-type')).toMatch(/json/);
  });

  it('the explorer shows a new block live, then the block and its transaction with a checked inclusion proof', async () => {
    await page.goto(url);
    await expect.poll(() => page.locator('.badge').textContent()).toBe('live');
    const { height, tx } = await anchor(new TextEncoder().encode('explorer e2e'));
    const link = page.getByRole('link', { name: `#${height}`, exact: true });
    await link.waitFor({ timeout: 10_000 });
    await shoot('explorer');
    await link.click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(`Block ${height}`);
    await page.getByRole('link', { name: tx }).click();
    await page.getByTestId('tx-inclusion').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('tx-result').textContent()).toBe('Succeeded');
    expect(await page.getByTestId('tx-inclusion').textContent()).toMatch(/^Proven: this transaction is entry \d+ of the transaction log\. .* signed in the checkpoint by dev-node\./);
    expect(await page.locator('main').textContent()).toContain('evidence.anchor');
    await shoot('transaction');
  });

  it('the verifier proves a document with its real receipt, and refuses the document with one byte changed', async () => {
    const content = new TextEncoder().encode('Loan contract L-1, signed 2026-12-01.\n');
    const { hash } = await anchor(content);
    const receipt = await node.as().evidenceReceipt(hash);
    const doc = join(files, 'contract.pdf');
    const receiptFile = join(files, 'contract.pdf.receipt.json');
    writeFileSync(doc, content);
    writeFileSync(receiptFile, JSON.stringify(receipt, null, 2));

    await page.goto(`${url}/verify`);
    await page.getByLabel('Document').setInputFiles(doc);
    await page.getByLabel('Receipt or credit report (JSON)').setInputFiles(receiptFile);
    await page.getByRole('button', { name: 'Verify' }).click();
    const verdict = page.getByTestId('verdict');
    await verdict.waitFor();
    const ok = (await verdict.textContent())!;
    expect(ok).toContain('Verified');
    expect(ok).toContain(`contract.pdf is exactly the document that was anchored (SHA-256 ${hash})`);
    expect(ok).toContain('Who anchored it: the account demo-bank');
    expect(ok).toContain('Signed by: dev-node — this node’s checkpoint key');
    await shoot('verifier-verified');

    // The same name in another folder: the page still holds the first file, which must not change under it.
    const changed = content.slice();
    changed[5]! ^= 0x01;
    const changedDoc = join(files, 'changed', 'contract.pdf');
    writeFileSync(changedDoc, changed);
    await page.getByLabel('Document').setInputFiles(changedDoc);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => verdict.textContent()).toContain('Not verified');
    const refused = (await verdict.textContent())!;
    expect(refused).toContain('the document is not the one that was anchored, or it was changed');
    expect(refused).toContain('RECEIPT_HASH_MISMATCH');
    expect(await verdict.getAttribute('role')).toBe('alert');
    await shoot('verifier-refused');
  });

  it('the verifier proves a credit report file, rebuilding the report in the page', async () => {
    const report = await node.as('demo-person').report(node.personRef, { prove: true });
    const reportFile = join(files, 'report.json');
    writeFileSync(reportFile, JSON.stringify(report, null, 2));
    await page.goto(`${url}/verify`);
    await page.getByLabel('Receipt or credit report (JSON)').setInputFiles(reportFile);
    await page.getByRole('button', { name: 'Verify' }).click();
    const verdict = page.getByTestId('verdict');
    await verdict.waitFor();
    const text = (await verdict.textContent())!;
    expect(text).toContain(`Credit report of subject ${node.personRef}: rebuilt in this browser`);
    expect(text).toContain(`Score: ${report.report.score.value} on ${report.report.score.min}–${report.report.score.max}`);
    expect(text).toContain('Signed by: dev-node');

    // One changed score: the report no longer matches its proof.
    const tampered = join(files, 'changed', 'report.json');
    writeFileSync(tampered, JSON.stringify({ ...report, report: { ...report.report, score: { ...report.report.score, value: report.report.score.value + 1 } } }));
    await page.getByLabel('Receipt or credit report (JSON)').setInputFiles(tampered);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => verdict.textContent()).toContain('REPORT_INVALID');
  });

  it('signs in with a demo key file, which stays in the page', async () => {
    await page.goto(`${url}/sign-in`);
    await page.getByText(/^This is a development node\./).waitFor();
    // A real key, claimed for another account: refused, nothing signed in.
    const bankKey = JSON.parse(readFileSync(join(node.dataDir, 'keys', 'demo-bank.json'), 'utf8')) as Record<string, string>;
    await page.getByLabel('Or paste the key file’s JSON').fill(JSON.stringify({ ...bankKey, account: 'demo-court' }));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('This key is not a live key of the account demo-court on this chain.').waitFor();
    await page.getByLabel('Key file (JSON)').setInputFiles(join(node.dataDir, 'keys', 'demo-bank.json'));
    await expect.poll(() => page.getByLabel('Or paste the key file’s JSON').inputValue()).toContain('"demo-bank"');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Signed in as demo-bank.').waitFor();
    expect(await page.getByRole('navigation').textContent()).toContain('Signed in: demo-bank');
    await shoot('sign-in');
  });

  it('the language switch turns the page to Chinese, and a phone-sized screen needs no sideways scrolling', async () => {
    await page.goto(url);
    expect(await page.locator('h1').textContent()).toBe('Explorer');
    await page.getByRole('button', { name: '中文' }).click();
    expect(await page.locator('h1').textContent()).toBe('区块浏览器');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.getByRole('button', { name: '中文' }).getAttribute('aria-pressed')).toBe('true');
    await page.setViewportSize({ width: 375, height: 740 });
    await page.getByRole('link', { name: /^#\d+$/ }).first().waitFor();
    for (const path of ['/', '/verify', '/sign-in']) {
      await page.goto(url + path);
      await page.locator('h1').waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), path).toBe(true);
    }
    await page.goto(url);
    await page.getByRole('link', { name: /^#\d+$/ }).first().waitFor();
    await shoot('explorer-zh-phone');
    // The choice is kept for the next visit; English again for whoever runs next.
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.locator('h1').textContent()).toBe('Explorer');
    await page.setViewportSize({ width: 1100, height: 900 });
  });
});

