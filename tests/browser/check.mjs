// check.mjs — capamatch's HTML reports in a real browser (Debian's
// Chromium, driven by playwright-core; nothing downloads a browser).
//
//   node check.mjs OUTDIR REPORT.html:KIND ...
//
// KIND is "report", "employer" or "rank". Each report must load without a
// console error or a failed request, show its SVG chart (with bars) and its
// findings table, keep the verdict on the first printed page, and, for the
// employer's view, show no ICF code anywhere in the page, text or markup; a
// ranking must show its table of occupations, each with its score's parts
// as a small bar chart. Writes a
// PNG screenshot of the whole page and an A4 PDF of each into OUTDIR, the
// test's artefacts. Ends with "browser: N passed, N failed".
import { chromium } from 'playwright-core';
import { basename } from 'node:path';

const [outdir, ...reports] = process.argv.slice(2);
let passed = 0, failed = 0;
const check = (name, ok, detail) => {
  if (ok) passed++;
  else { failed++; console.log(`FAIL browser: ${name}${detail ? ': ' + detail : ''}`); }
};

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  for (const spec of reports) {
    const [file, kind] = spec.split(':');
    const name = basename(file, '.html');
    const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
    const problems = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('requestfailed', (r) => problems.push('request failed: ' + r.url()));
    const requests = [];
    page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
    await page.goto('file://' + file, { waitUntil: 'load' });
    check(`${name}: no console error`, problems.length === 0, problems.join('; '));
    check(`${name}: loads nothing from the network`, requests.length === 0, requests.join(' '));
    if (kind === 'rank') {
      const jobs = await page.locator('#ranking table tr').count();
      const parts = await page.locator('#ranking svg.contrib').count();
      check(`${name}: the table of occupations`, jobs > 1, `${jobs} rows`);
      check(`${name}: a bar chart of each score`, parts === jobs - 1, `${parts} charts`);
      await page.screenshot({ path: `${outdir}/${name}.png`, fullPage: true });
      await page.close();
      continue;
    }
    const bars = await page.locator('#chart svg rect').count();
    const chartBox = await page.locator('#chart svg').boundingBox();
    check(`${name}: the SVG chart is drawn`, bars > 0 && chartBox && chartBox.width > 100,
          `${bars} bars`);
    const rows = await page.locator('#findings table tr').count();
    check(`${name}: the findings table is there`, rows > 1, `${rows} rows`);
    const verdictTop = await page.locator('#verdict').boundingBox();
    check(`${name}: the verdict is near the top`, verdictTop && verdictTop.y < 300);
    if (kind === 'employer') {
      const text = await page.evaluate(() => document.documentElement.outerHTML + ' ' +
                                              document.body.innerText);
      const code = text.match(/(^|[^A-Za-z0-9_#])[bsde][0-9]{3,5}([^A-Za-z0-9_]|$)/);
      check(`${name}: no ICF code in the employer's view`, !code, code && code[0]);
    }
    await page.screenshot({ path: `${outdir}/${name}.png`, fullPage: true });
    await page.emulateMedia({ media: 'print' });
    // The page's own @page rules (A4, margins with the page numbers), as a
    // browser's "save as PDF" uses them.
    const pdf = await page.pdf({ path: `${outdir}/${name}.pdf`, format: 'A4',
                                 printBackground: true, preferCSSPageSize: true });
    check(`${name}: an A4 PDF`, pdf.length > 1000 && pdf.subarray(0, 4).toString() === '%PDF');
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
