import { Page, expect } from '@playwright/test';

// The accounts that start-server.sh creates.
export const ACCOUNTS = {
  admin: { email: 'admin@e2e.madiunkota.go.id', password: 'sandi-admin-e2e', name: 'Admin E2E' },
  pic: { email: 'bayu@e2e.madiunkota.go.id', password: 'sandi-pic-e2e', name: 'Bayu Saputra' },
  opd: { email: 'agus@e2e.madiunkota.go.id', password: 'sandi-opd-e2e', name: 'Agus Prasetyo' },
  kasi: { email: 'kasi@e2e.madiunkota.go.id', password: 'sandi-kasi-e2e', name: 'Sri Wahyuni' },
  desk: { email: 'sd@e2e.madiunkota.go.id', password: 'sandi-sd-e2e', name: 'Andi Pratama' },
  vendor: { email: 'cipta@e2e.madiunkota.go.id', password: 'sandi-vendor-e2e', name: 'Rekan Cipta' },
  bkpsdm: { email: 'yuliana@e2e.madiunkota.go.id', password: 'sandi-bkpsdm-e2e', name: 'Yuliana Putri' },
  pimpinan: { email: 'pimpinan@e2e.madiunkota.go.id', password: 'sandi-pimpinan-e2e', name: 'Haryanto' },
  // A Pimpinan who switches the interface to English (forms.spec.ts).
  tamu: { email: 'dewi@e2e.madiunkota.go.id', password: 'sandi-bahasa-e2e', name: 'Dewi Lestari' },
};

// Resolves once the wasm has hydrated the page.
export async function hydrated(page: Page) {
  await page.locator('body[data-hydrated=true]').waitFor({ state: 'attached' });
}

// Signs in through the login page and waits for the dashboard.
export async function signIn(page: Page, who: keyof typeof ACCOUNTS, hydrate = true) {
  const account = ACCOUNTS[who];
  await page.goto('/masuk');
  if (hydrate) await hydrated(page);
  await page.getByLabel('E-mail').fill(account.email);
  await page.getByLabel('Kata sandi').fill(account.password);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await expect(page.locator('[data-test=user-name]')).toHaveText(account.name);
  // Signing in loads the dashboard anew: wait for its script before clicking on.
  if (hydrate) await hydrated(page);
}
