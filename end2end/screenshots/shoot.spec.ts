import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { signIn } from '../tests/accounts';

// The pictures live beside this file; the README links to them.
const OUT = __dirname;

test.beforeAll(() => fs.mkdirSync(OUT, { recursive: true }));

test('the KPI page of 2025', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, 'pimpinan');
  await page.goto('/kpi?tahun=2025&bulan=6');
  await expect(page.getByRole('heading', { name: /Indikator Pengukuran Kinerja/ })).toBeVisible();
  await page.screenshot({ path: path.join(OUT, 'kpi.png'), fullPage: true });
});

test('the print view and the PDF of form FRM-DINKOMINFO-020', async ({ page }) => {
  await signIn(page, 'kasi');
  await page.getByRole('link', { name: 'Sistem Informasi Kepegawaian Terpadu' }).click();
  await page.getByRole('link', { name: 'Cetak formulir' }).click();
  await expect(page.locator('[data-test=print-row]').first()).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: 1123, height: 794 });
  await page.screenshot({ path: path.join(OUT, 'cetak-formulir.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  const href = await page.locator('[data-test=download-pdf]').getAttribute('href');
  const response = await page.request.get(href!);
  expect(response.status()).toBe(200);
  const pdf = path.join(OUT, 'formulir.pdf');
  fs.writeFileSync(pdf, await response.body());
  execFileSync('pdftoppm', ['-png', '-r', '90', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(OUT, 'formulir-pdf-halaman-1')]);
  fs.unlinkSync(pdf);
});
