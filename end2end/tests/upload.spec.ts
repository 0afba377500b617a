import { test, expect } from '@playwright/test';
import { hydrated, signIn } from './accounts';

const SHEET = [
  'Dinas Komunikasi dan Informatika Pemerintah Kota Madiun',
  'FORMULIR LOG PROGRESS PEMBUATAN APLIKASI (FRM-DINKOMINFO-020)',
  'Nama Aplikasi;Sistem Informasi Parkir Tepi Jalan;;PIC;Bayu Saputra',
  'No;Tanggal Pertemuan;Nama Klien (OPD);Pihak Ketiga;Deskripsi Laporan Progress;Catatan;TTD Kasie',
  '1;03/11/2025;Bambang Sutrisno (Dishub);CV. Parkir Pintar;Kick-off: paparan rancangan;;ttd',
  '2;17 November 2025;Bambang Sutrisno (Dishub);CV. Parkir Pintar;Analisis kebutuhan selesai;Siapkan data titik parkir;',
].join('\r\n');

test('sheets uploaded on the import page are checked first, then imported', async ({ page }) => {
  await signIn(page, 'pic');
  await page.getByRole('link', { name: 'Impor' }).click();
  await hydrated(page);

  // A bad row: nothing can be imported, and the row is named.
  const bad = SHEET.replace('17 November 2025', '31/11/2025');
  await page.getByLabel(/Berkas formulir/).setInputFiles({ name: 'parkir.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await page.getByRole('button', { name: 'Unggah dan periksa' }).click();
  const issue = page.locator('[data-test=import-issue]');
  await expect(issue).toHaveCount(1);
  await expect(issue).toContainText('B (Tanggal Pertemuan)');
  await expect(issue).toContainText('31 November 2025 tidak ada di kalender');
  await expect(page.getByRole('button', { name: 'Impor sekarang' })).toHaveCount(0);

  await page.goto('/impor');
  await page.getByLabel(/Berkas formulir/).setInputFiles({ name: 'parkir.csv', mimeType: 'text/csv', buffer: Buffer.from('\ufeff' + SHEET) });
  await page.getByRole('button', { name: 'Unggah dan periksa' }).click();
  await expect(page.locator('[data-test=import-summary]')).toHaveText(
    '1 aplikasi baru, 2 baris baru, 0 baris diubah, 0 baris sudah ada.',
  );
  await hydrated(page);
  await page.getByRole('button', { name: 'Impor sekarang' }).click();
  await expect(page.locator('[data-test=import-done]')).toContainText('1 aplikasi baru, 2 baris baru, 0 baris diubah.');

  await page.getByRole('link', { name: 'Lihat dasbor' }).click();
  await page.getByRole('link', { name: 'Sistem Informasi Parkir Tepi Jalan' }).click();
  await expect(page.locator('[data-test=form-row]')).toHaveCount(2);
  await expect(page.locator('[data-test=form-row]').nth(1)).toContainText('17/11/25');
  await expect(page.locator('[data-test=form-row]').nth(1)).toContainText('Bambang Sutrisno (Dishub)');
});
