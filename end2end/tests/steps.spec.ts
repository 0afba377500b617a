import { test, expect, Browser, Page } from '@playwright/test';
import { ACCOUNTS, hydrated, signIn } from './accounts';

// A page signed in as one person, in a browser context of their own.
async function as(browser: Browser, who: keyof typeof ACCOUNTS): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, who);
  return page;
}

// Opens the meeting that waits for this person, from their "Menunggu" page.
async function openWaiting(page: Page, stepLabel: string) {
  await page.getByRole('link', { name: 'Menunggu', exact: true }).click();
  const row = page
    .locator('[data-test=waiting-row]')
    .filter({ hasText: stepLabel })
    .filter({ hasText: 'Sistem Informasi Kepegawaian Terpadu' })
    .filter({ hasText: '10 Juni 2026' });
  await expect(row).toHaveCount(1);
  await row.getByRole('link', { name: 'Kerjakan' }).click();
  await hydrated(page);
}

async function stepState(page: Page, step: number) {
  return page.locator(`[data-test=step][data-step="${step}"]`).getAttribute('data-state');
}

test('one meeting walks through the eight steps of the SOP, each by its role', async ({ browser }) => {
  test.setTimeout(120_000);
  // 1. The PIC schedules the meeting.
  const pic = await as(browser, 'pic');
  await pic.getByRole('link', { name: 'Sistem Informasi Kepegawaian Terpadu' }).click();
  await pic.getByRole('link', { name: 'Jadwalkan pertemuan' }).click();
  await hydrated(pic);
  await pic.getByLabel('Tanggal', { exact: true }).fill('10/06/2026');
  await pic.getByLabel('Jam (WIB)').fill('09:00');
  await pic.getByLabel('Tempat atau tautan rapat daring').fill('Ruang Rapat Dinkominfo Lt. 2');
  await pic.getByLabel('E-mail').check();
  await pic.getByLabel('Nama klien (kontak OPD)').fill('Yuliana Putri');
  await pic.getByRole('button', { name: 'Jadwalkan' }).click();
  await expect(pic.locator('[data-test=meeting-when]')).toHaveText('10 Juni 2026, pukul 09:00 WIB');
  await expect(pic.locator('[data-test=meeting-status]')).toContainText('Laporan progres pihak ketiga');
  const meetingUrl = pic.url();

  // 2. The vendor writes its report.
  const vendor = await as(browser, 'vendor');
  await openWaiting(vendor, 'Laporan progres pihak ketiga');
  await vendor.getByLabel('Laporan progres', { exact: true }).fill('Modul cuti dan modul presensi selesai; integrasi SSO 70%');
  await vendor.getByLabel('Fitur baru (satu per baris)').fill('Modul cuti\nModul presensi');
  await vendor.getByRole('button', { name: 'Simpan laporan' }).click();
  await expect(vendor.locator('[data-test=report]')).toHaveText('Modul cuti dan modul presensi selesai; integrasi SSO 70%');
  expect(await stepState(vendor, 2)).toBe('done');

  // 3. The agency reviews.
  const agency = await as(browser, 'bkpsdm');
  await openWaiting(agency, 'Tinjauan progres');
  await agency.getByLabel('Tinjauan OPD dan PIC').fill('Sesuai kebutuhan BKPSDM; tampilan cuti perlu disederhanakan');
  await agency.getByRole('button', { name: 'Simpan tinjauan' }).click();
  await expect(agency.locator('[data-test=review]')).toContainText('Sesuai kebutuhan BKPSDM');

  // 4, 5, 6. The PIC writes the action items, documents the row and delivers it.
  await pic.goto(meetingUrl);
  await hydrated(pic);
  await pic.getByLabel('Catatan baru (satu per baris)').fill('Sederhanakan tampilan cuti');
  await pic.getByRole('button', { name: 'Simpan catatan' }).click();
  await expect(pic.locator('[data-test=new-item]')).toHaveText('Sederhanakan tampilan cuti');
  await pic.getByRole('button', { name: 'Dokumentasikan sebagai baris formulir' }).click();
  // The next number of the form (other tests may have added rows to it).
  await expect(pic.locator('[data-test=meeting-no]')).toContainText(/No \d+ \(revisi 1\)/);
  await pic.getByRole('button', { name: 'Tandai sudah disampaikan' }).click();
  await expect(pic.locator('[data-test=meeting-status]')).toContainText('Tanda tangan Kasi');

  // 7. The Kasi signs.
  const kasi = await as(browser, 'kasi');
  await openWaiting(kasi, 'Tanda tangan Kasi');
  await kasi.getByRole('button', { name: 'Tandatangani baris ini' }).click();
  await expect(kasi.locator('[data-test=signed-revision]')).toContainText('Ditandatangani Sri Wahyuni');

  // 8. Service Desk replies on the agency's ticket.
  const desk = await as(browser, 'desk');
  await openWaiting(desk, 'Balasan tiket service desk');
  await expect(desk.getByLabel(/Isi balasan/)).toHaveValue(/Modul cuti dan modul presensi selesai/);
  await desk.getByRole('button', { name: 'Kirim balasan ke tiket' }).click();
  await expect(desk.locator('[data-test=meeting-status]')).toHaveText('Kedelapan langkah selesai');
  for (let step = 1; step <= 8; step++) expect(await stepState(desk, step)).toBe('done');

  // The signed row is on the application's form, and the reply in the agency's ticket list.
  await pic.getByRole('link', { name: 'Sistem Informasi Kepegawaian Terpadu' }).click();
  const row = pic.locator('[data-test=form-row]').filter({ hasText: 'integrasi SSO 70%' });
  await expect(row).toContainText('10/06/26');
  await expect(row).toContainText('Sederhanakan tampilan cuti');
  await expect(row.locator('[data-test=ttd]')).toContainText('Sri Wahyuni');
  await expect(row.locator('[data-test=ttd]')).toContainText('SHA-256');
  await expect(row.getByRole('link', { name: /Ubah baris/ })).toHaveCount(0);

  await agency.getByRole('link', { name: 'Tiket', exact: true }).click();
  const ticket = agency.locator('[data-test=ticket-row]').filter({ hasText: 'Sistem Informasi Kepegawaian Terpadu' });
  await expect(ticket).toContainText('1');
  await ticket.getByRole('link').click();
  await expect(agency.locator('[data-test=ticket-reply]')).toContainText('Modul cuti dan modul presensi selesai');
});
