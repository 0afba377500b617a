import { test, expect, APIRequestContext, Browser, Page } from '@playwright/test';
import { ACCOUNTS, hydrated, signIn } from './accounts';
import { waitForMail } from './mail';

async function api(playwright: any, baseURL: string, who: keyof typeof ACCOUNTS): Promise<APIRequestContext> {
  const context = await playwright.request.newContext({ baseURL });
  const account = ACCOUNTS[who];
  const response = await context.post('/api/login', {
    form: { 'form[email]': account.email, 'form[password]': account.password, 'form[next]': '/' },
  });
  expect(response.ok()).toBeTruthy();
  return context;
}

async function post(context: APIRequestContext, fn: string, form: Record<string, string>) {
  const response = await context.post(`/api/${fn}`, { form });
  expect(response.ok(), `${fn}: ${await response.text()}`).toBeTruthy();
  return response.json();
}

async function as(browser: Browser, who: keyof typeof ACCOUNTS): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, who);
  return page;
}

test('an agency rates its vendor from the e-mailed link and the KPI page shows it without a reload', async ({
  browser,
  playwright,
  baseURL,
}) => {
  test.setTimeout(120_000);
  // A signed SIMPEG meeting (BKPSDM, PT. Cipta Karya Digital): the agency is asked to rate.
  const pic = await api(playwright, baseURL!, 'pic');
  const vendor = await api(playwright, baseURL!, 'vendor');
  const kasi = await api(playwright, baseURL!, 'kasi');
  const ids: number[] = await post(pic, 'schedule_meeting', {
    'meeting[application]': '5',
    'meeting[tanggal]': '24/06/2026',
    'meeting[jam]': '10:00',
    'meeting[durasi]': '60',
    'meeting[tempat]': 'Ruang Rapat BKPSDM',
    'meeting[saluran]': 'telepon',
    'meeting[klien]': 'Yuliana Putri',
  });
  const meeting = String(ids[0]);
  await post(vendor, 'save_report', { 'report[meeting]': meeting, 'report[laporan]': 'Modul mutasi selesai' });
  await post(pic, 'save_review', { 'review[meeting]': meeting, 'review[tinjauan]': 'Sesuai' });
  // Items still open from earlier meetings of SIMPEG (the eight-steps test leaves one) are carried on.
  const view = await (await pic.get(`/api/meeting?id=${meeting}`)).json();
  const decisions: Record<string, string> = { 'notes[meeting]': meeting };
  view.earlier_items.forEach((item: { id: number }, i: number) => {
    decisions[`notes[keputusan][${i}]`] = `${item.id}:lanjut`;
  });
  await post(pic, 'save_notes', decisions);
  await post(pic, 'document_meeting', { 'step[meeting]': meeting });
  await post(pic, 'deliver_meeting', { 'step[meeting]': meeting });
  await post(kasi, 'sign_meeting', { 'step[meeting]': meeting });

  // The Pimpinan has the KPI page open.
  const boss = await as(browser, 'pimpinan');
  await boss.getByRole('link', { name: 'KPI', exact: true }).click();
  await expect(boss.getByRole('heading', { name: /Indikator Pengukuran Kinerja/ })).toBeVisible();
  await boss.evaluate(() => ((window as any).__marker = 'same page'));

  // The agency's user follows the link in the e-mail, signs in, and rates.
  const mail = await waitForMail('yuliana@', 'Survei kepuasan');
  const link = String(mail.text).match(/https?:\/\/\S+\/survei\/\d+/)![0];
  const agency = await (await browser.newContext()).newPage();
  await agency.goto(link);
  await expect(agency).toHaveURL(/\/masuk\?next=/);
  await hydrated(agency);
  await agency.getByLabel('E-mail').fill(ACCOUNTS.bkpsdm.email);
  await agency.getByLabel('Kata sandi').fill(ACCOUNTS.bkpsdm.password);
  await agency.getByRole('button', { name: 'Masuk' }).click();
  await expect(agency.getByRole('heading', { name: 'Survei kepuasan OPD' })).toBeVisible();
  await hydrated(agency);
  const elements = agency.locator('[data-test=survey-element]');
  await expect(elements).toHaveCount(5);
  for (let i = 0; i < 5; i++) {
    await elements.nth(i).getByText('Sangat baik').click();
  }
  await agency.getByLabel('Komentar (tidak wajib)').fill('Respon cepat dan rapi');
  await agency.getByRole('button', { name: 'Kirim jawaban' }).click();
  await expect(agency.getByRole('status').filter({ hasText: 'Terima kasih' })).toBeVisible();

  // The Pimpinan narrows the KPI page to SIMPEG: the new index shows, on the same page.
  await boss.getByLabel('Aplikasi').selectOption({ label: 'Sistem Informasi Kepegawaian Terpadu' });
  await boss.getByRole('button', { name: 'Terapkan' }).click();
  await expect(boss).toHaveURL(/aplikasi=5/);
  await expect(boss.locator('[data-test=realisasi-indeks]')).toContainText('100,00');
  await expect(boss.locator('[data-test=realisasi-indeks]')).toContainText('A');
  expect(await boss.evaluate(() => (window as any).__marker)).toBe('same page');
});
