import { test, expect } from '@playwright/test';
import { ACCOUNTS, hydrated, signIn } from './accounts';

test('an admin and an agency each see their own menu and applications', async ({ page }) => {
  await signIn(page, 'admin');
  const menu = page.locator('[data-test=menu]');
  for (const item of ['Dasbor', 'Impor', 'Pengguna', 'OPD', 'Pihak Ketiga']) {
    await expect(menu.getByRole('link', { name: item, exact: true })).toBeVisible();
  }
  await menu.getByRole('link', { name: 'Pengguna', exact: true }).click();
  await expect(page.locator('[data-test=user-row]').filter({ hasText: ACCOUNTS.opd.email })).toContainText('Dinas Kesehatan');
  await page.getByRole('button', { name: 'Keluar' }).click();
  await expect(page).toHaveURL(/\/masuk/);

  await signIn(page, 'opd');
  await expect(menu.getByRole('link', { name: 'Dasbor', exact: true })).toBeVisible();
  for (const item of ['Impor', 'Pengguna', 'OPD', 'Pihak Ketiga']) {
    await expect(menu.getByRole('link', { name: item, exact: true })).toHaveCount(0);
  }
  await expect(page.locator('[data-test=user-box], .user-box')).toContainText('Klien (OPD)');
  const rows = page.locator('[data-test=application-row]');
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText('Sistem Informasi Rujukan Puskesmas');
  // Import is not an agency's work.
  await page.goto('/impor');
  await expect(page.getByRole('alert')).toContainText('tidak berhak');
  // Another agency's application answers as if it did not exist.
  const response = await page.goto('/aplikasi/2');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('alert')).toContainText('Data tidak ditemukan');
  await expect(page.getByText('Aplikasi Penerimaan Peserta Didik Baru')).toHaveCount(0);
});

test('a wrong password shows one plain message and no detail', async ({ page }) => {
  await page.goto('/masuk');
  await hydrated(page);
  await page.getByLabel('E-mail').fill(ACCOUNTS.pic.email);
  await page.getByLabel('Kata sandi').fill('bukan-sandinya');
  await page.getByRole('button', { name: 'Masuk' }).click();
  await expect(page.locator('#masuk-pesan')).toHaveText('E-mail atau kata sandi salah.');
  await page.getByLabel('E-mail').fill('tidak-ada@e2e.madiunkota.go.id');
  await page.getByRole('button', { name: 'Masuk' }).click();
  await expect(page.locator('#masuk-pesan')).toHaveText('E-mail atau kata sandi salah.');
  await expect(page).toHaveURL(/\/masuk/);
  await expect(page.locator('[data-test=user-name]')).toHaveCount(0);
});

test('a page asked for before signing in is shown after signing in', async ({ page }) => {
  await page.goto('/impor');
  await expect(page).toHaveURL(/\/masuk\?next=%2Fimpor|\/masuk\?next=\/impor/);
  await hydrated(page);
  await page.getByLabel('E-mail').fill(ACCOUNTS.pic.email);
  await page.getByLabel('Kata sandi').fill(ACCOUNTS.pic.password);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await expect(page).toHaveURL(/\/impor$/);
  await expect(page.getByRole('heading', { name: 'Impor formulir log progress' })).toBeVisible();
});
