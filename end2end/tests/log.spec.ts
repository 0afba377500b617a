import { test, expect, Page } from '@playwright/test';
import { hydrated, signIn } from './accounts';

// Collects console errors and hydration warnings, to assert that a page hydrates cleanly.
// A refused form answers 422, which Chromium logs as a failed resource: that one is expected.
function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    const text = msg.text();
    if (/status of 422/.test(text)) return;
    if (msg.type() === 'error' || /hydrat/i.test(text)) problems.push(`${msg.type()}: ${text}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  return problems;
}

// The applications of the office's sheets that the test server starts with.
const OFFICE_APPLICATIONS = [
  'Sistem Informasi Rujukan Puskesmas',
  'Aplikasi Penerimaan Peserta Didik Baru',
  'Antrean Online Adminduk',
  'E-Retribusi Pasar',
  'Sistem Informasi Kepegawaian Terpadu',
];


test('the dashboard lists the applications and their meetings per month', async ({ page }) => {
  const problems = watchConsole(page);
  await signIn(page, 'pic');
  const table = page.getByRole('table');
  for (const name of OFFICE_APPLICATIONS) {
    await expect(table.getByRole('link', { name })).toBeVisible();
  }
  const rows = await page.locator('[data-test=application-row]').count();
  expect(rows).toBeGreaterThanOrEqual(5);
  await expect(page.getByRole('heading', { name: `Aplikasi (${rows})` })).toBeVisible();
  await expect(page.locator('[data-test=chart-bar]')).toHaveCount(12);
  expect(problems).toEqual([]);
});

test('the filter narrows the dashboard without a reload', async ({ page }) => {
  const problems = watchConsole(page);
  await signIn(page, 'pic');
  await page.evaluate(() => ((window as any).__marker = 'same page'));
  await page.getByLabel('OPD').selectOption({ label: 'Dinas Kesehatan (Dinkes)' });
  await page.getByRole('button', { name: 'Terapkan' }).click();
  await expect(page.locator('[data-test=application-row]')).toHaveCount(1);
  await expect(page).toHaveURL(/opd=/);
  expect(await page.evaluate(() => (window as any).__marker)).toBe('same page');
  expect(problems).toEqual([]);
});

test('a row added through the form appears in the timeline without a reload', async ({ page }) => {
  const problems = watchConsole(page);
  await signIn(page, 'pic');
  await page.getByRole('link', { name: 'Sistem Informasi Kepegawaian Terpadu' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sistem Informasi Kepegawaian Terpadu' })).toBeVisible();
  await expect(page.locator('[data-test=timeline-item]')).toHaveCount(6);
  await page.evaluate(() => ((window as any).__marker = 'same page'));

  // A row without a date: the server names the field, and nothing is added.
  await page.getByLabel('Deskripsi Laporan Progress').fill('Pelatihan operator OPD selesai');
  await page.getByRole('button', { name: 'Simpan baris' }).click();
  await expect(page.locator('#tanggal-pesan')).toHaveText('Tanggal Pertemuan wajib diisi.');
  await expect(page.getByLabel('Tanggal Pertemuan')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('[data-test=timeline-item]')).toHaveCount(6);
  // What was typed is still there.
  await expect(page.getByLabel('Deskripsi Laporan Progress')).toHaveValue('Pelatihan operator OPD selesai');

  await page.getByLabel('Tanggal Pertemuan').fill('01/06/2026');
  await page.getByLabel('Catatan').fill('Serahkan manual pengguna versi cetak');
  await page.getByRole('button', { name: 'Simpan baris' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Baris No 7 tersimpan.' })).toBeVisible();
  const timeline = page.locator('[data-test=timeline]');
  await expect(page.locator('[data-test=timeline-item]')).toHaveCount(7);
  await expect(timeline.locator('li').first()).toContainText('1 Juni 2026');
  await expect(timeline.locator('li').first()).toContainText('Pelatihan operator OPD selesai');
  const row = page.locator('[data-test=form-row]').filter({ hasText: 'Pelatihan operator OPD selesai' });
  await expect(row).toContainText('01/06/26');
  // The form is ready for the next row.
  await expect(page.getByLabel('Tanggal Pertemuan')).toHaveValue('');
  await expect(page.getByLabel('Deskripsi Laporan Progress')).toHaveValue('');
  expect(await page.evaluate(() => (window as any).__marker)).toBe('same page');
  expect(problems).toEqual([]);
});

test('a row is edited in place and a signed row offers no edit', async ({ page }) => {
  const problems = watchConsole(page);
  await signIn(page, 'pic');
  await page.getByRole('link', { name: 'E-Retribusi Pasar' }).click();
  await expect(page.locator('[data-test=form-row]')).toHaveCount(7);
  // Imported rows carry the Kasi's signature.
  await expect(page.getByRole('link', { name: /Ubah baris/ })).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('pages work before the wasm loads', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, 'pic', false);
  await page.goto('/');
  for (const name of OFFICE_APPLICATIONS) {
    await expect(page.getByRole('link', { name })).toBeVisible();
  }
  await page.getByRole('link', { name: 'Antrean Online Adminduk' }).click();
  await expect(page.locator('[data-test=form-row]')).toHaveCount(8);
  // Only its PIC writes a log: Bayu is not Adminduk's PIC.
  await expect(page.getByRole('button', { name: 'Simpan baris' })).toHaveCount(0);
  await page.goto('/');
  await page.getByRole('link', { name: 'Sistem Informasi Kepegawaian Terpadu' }).click();
  await page.getByRole('button', { name: 'Simpan baris' }).click();
  await expect(page.locator('#tanggal-pesan')).toHaveText('Tanggal Pertemuan wajib diisi.');
  await context.close();
});

test('an unsigned row is edited through the same form', async ({ page }) => {
  const problems = watchConsole(page);
  await signIn(page, 'pic');
  await page.getByRole('link', { name: 'Aplikasi Penerimaan Peserta Didik Baru' }).click();
  await page.getByLabel('Tanggal Pertemuan').fill('27 Mei 2025');
  await page.getByLabel('Deskripsi Laporan Progress').fill('Rapat evaluasi pasca-live');
  await page.getByRole('button', { name: 'Simpan baris' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Baris No 10 tersimpan.' })).toBeVisible();

  await page.getByRole('link', { name: 'Ubah baris No 10' }).click();
  await expect(page.getByRole('heading', { name: 'Ubah baris No 10' })).toBeVisible();
  await expect(page.getByLabel('Tanggal Pertemuan')).toHaveValue('27/05/2025');
  await page.getByLabel('Deskripsi Laporan Progress').fill('Rapat evaluasi pasca-live; 3 perbaikan kecil');
  await page.getByRole('button', { name: 'Simpan baris' }).click();
  await expect(page.getByRole('heading', { name: 'Tambah baris' })).toBeVisible();
  const row = page.locator('[data-test=form-row]').filter({ hasText: '3 perbaikan kecil' });
  await expect(row).toContainText('27/05/25');
  await expect(page.locator('[data-test=form-row]')).toHaveCount(10);
  expect(problems).toEqual([]);
});
