import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ACCOUNTS, hydrated, signIn } from './accounts';

test('the print view shows the official form and its PDF holds the same rows', async ({ page }) => {
  await signIn(page, 'kasi');
  await page.getByRole('link', { name: 'Sistem Informasi Rujukan Puskesmas' }).click();
  await page.getByRole('link', { name: 'Cetak formulir' }).click();
  await expect(page).toHaveURL(/\/aplikasi\/\d+\/cetak/);
  const form = page.getByRole('article', { name: 'Formulir FRM-Dinkominfo-020' });
  await expect(form).toContainText('Dinas Komunikasi dan Informatika Pemerintah Kota Madiun');
  await expect(form).toContainText('FORMULIR LOG PROGRESS PEMBUATAN APLIKASI (FRM-Dinkominfo-020)');
  await expect(page.locator('[data-test=print-application]')).toHaveText('Sistem Informasi Rujukan Puskesmas');
  const headers = await form.locator('thead th').allTextContents();
  expect(headers).toEqual([
    'No',
    'Tanggal Pertemuan',
    'Nama Klien (OPD)',
    'Pihak Ketiga',
    'Deskripsi Laporan Progress',
    'Catatan',
    'TTD Kasie',
  ]);
  const row = page.locator('[data-test=print-row]').filter({
    hasText: 'Fitur A selesai dikerjakan dan masuk pengerjaan untuk fitur B, C, dan D',
  });
  await expect(row).toContainText('22/04/25');
  const rows = await page.locator('[data-test=print-row]').count();
  expect(rows).toBeGreaterThan(0);

  // A range of dates narrows the form; the plain GET form works as the page stands.
  await hydrated(page);
  await page.getByLabel('Dari tanggal').fill('2025-04-01');
  await page.getByLabel('Sampai tanggal').fill('2025-04-30');
  await page.getByRole('button', { name: 'Tampilkan' }).click();
  await expect(page.locator('[data-test=print-period]')).toHaveText('01/04/2025 s.d. 30/04/2025');
  await expect(page.locator('[data-test=print-row]')).not.toHaveCount(rows);
  await expect(page.locator('[data-test=print-row]').first()).toContainText('/04/25');
  await page.getByRole('link', { name: 'Seluruh proyek' }).click();
  await expect(page.locator('[data-test=print-row]')).toHaveCount(rows);

  // What the browser prints: the form alone, A4 landscape, without the site's menu.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.site-header')).toBeHidden();
  await expect(page.locator('[data-test=print-table]')).toBeVisible();
  await page.emulateMedia({ media: 'screen' });

  // The PDF from the server: its text holds the title block and the row.
  const href = await page.locator('[data-test=download-pdf]').getAttribute('href');
  const response = await page.request.get(href!);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/pdf');
  const pdf = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'frm-')), 'formulir.pdf');
  fs.writeFileSync(pdf, await response.body());
  const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
  expect(text).toContain('FORMULIR LOG PROGRESS PEMBUATAN APLIKASI');
  expect(text).toContain('Sistem Informasi Rujukan Puskesmas');
  expect(text.replace(/\s+/g, ' ')).toContain('Fitur A selesai dikerjakan dan masuk pengerjaan untuk fitur B, C, dan D');
});

test('a user chooses English, and the choice follows the account to another browser', async ({ browser }) => {
  const first = await (await browser.newContext()).newPage();
  await signIn(first, 'tamu');
  await first.getByRole('link', { name: ACCOUNTS.tamu.name }).click();
  await expect(first.getByRole('heading', { level: 1, name: 'Pengaturan' })).toBeVisible();
  await first.getByLabel('Bahasa tampilan').selectOption('en');
  await first.getByRole('button', { name: 'Simpan bahasa' }).click();
  await expect(first.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(first.locator('html')).toHaveAttribute('lang', 'en');
  await hydrated(first);
  const menu = first.locator('[data-test=menu]');
  await expect(menu.getByRole('link', { name: 'Dashboard' })).toBeVisible();

  // Dates and numbers follow the locale: the KPI page names its month in English.
  await first.goto('/kpi?tahun=2025&bulan=3');
  await expect(first.getByRole('heading', { name: /Performance indicators — March 2025/ })).toBeVisible();

  // Another browser, without the cookie: signing in brings the account's language.
  const second = await (await browser.newContext()).newPage();
  await second.goto('/masuk');
  await hydrated(second);
  await second.getByLabel('E-mail').fill(ACCOUNTS.tamu.email);
  await second.getByLabel('Kata sandi').fill(ACCOUNTS.tamu.password);
  await second.getByRole('button', { name: 'Masuk' }).click();
  await expect(second.locator('[data-test=user-name]')).toHaveText(ACCOUNTS.tamu.name);
  await expect(second.locator('[data-test=menu]').getByRole('link', { name: 'Dashboard' })).toBeVisible();
  await expect(second.locator('html')).toHaveAttribute('lang', 'en');

  // The official form stays in Indonesian.
  await second.getByRole('link', { name: 'Sistem Informasi Rujukan Puskesmas' }).click();
  await second.getByRole('link', { name: 'Print the form' }).click();
  await expect(second.getByRole('columnheader', { name: 'Deskripsi Laporan Progress' })).toBeVisible();
});
