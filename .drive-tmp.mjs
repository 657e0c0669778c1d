import { chromium } from 'playwright-core';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
const page = await browser.newPage();
page.setDefaultTimeout(5000);
await page.goto('http://localhost:18932/');
await page.waitForTimeout(1200);
await page.evaluate(() => { window.__keys = []; window.addEventListener('keydown', (e) => window.__keys.push([e.key, e.ctrlKey, e.defaultPrevented])); });
const ed = page.getByRole('textbox', { name: 'expression' });
await ed.click();
await page.keyboard.press('Control+Enter');
await page.keyboard.press('Control+s');
await page.keyboard.press('Control+z');
console.log('keys', JSON.stringify(await page.evaluate(() => window.__keys)), 'doc', await page.locator('#mirror').innerText());
await page.getByRole('button', { name: 'Expand expression' }).click();
await page.waitForTimeout(100);
console.log('expanded height', await page.locator('.cm-editor').first().evaluate((e) => e.getBoundingClientRect().height));
await ed.focus(); await page.keyboard.press('Control+a'); await page.keyboard.type('$map(lines, function($l) {');
await page.keyboard.press('Enter'); await page.keyboard.type('$l.amount * 2');
await page.waitForTimeout(900);
console.log('doc', JSON.stringify(await page.locator('#mirror').innerText()));
console.log('preview', await page.getByRole('region', { name: 'Preview' }).first().innerText());
await page.screenshot({ path: '/tmp/harness/t2.png' });
} finally { await browser.close(); }
