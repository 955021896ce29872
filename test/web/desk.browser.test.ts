/**
 * The web desk in a real Chromium (Debian's, through playwright-core): a branch officer signs in,
 * filters the queue, opens a ticket, accepts it and replies, and the citizen's Telegram conversation
 * (a fake Bot API on 127.0.0.1) receives the reply; the queue updates itself when a request comes in;
 * another branch's ticket cannot be opened by URL; a form posted without its CSRF token is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { TelegramChannel } from '../../bot/channels/telegram.ts';
import { silentLogger } from '../../lib/logger.ts';
import { FakeTelegramApi } from '../fakes/fake-telegram-api.ts';
import { SAMPLE_DRAFT, testApp, testConfig } from '../helpers.ts';
import { browserTestsRun, givePasswords, launchChromium, PASSWORD, screenshotPath, startWeb } from './web-helpers.ts';

/** The page is no wider than the window (run in the page). */
const NO_SIDEWAYS_SCROLL = 'document.documentElement.scrollWidth <= window.innerWidth + 1';

describe.skipIf(!browserTestsRun)('web desk in Chromium', () => {
  let browser: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    browser = await launchChromium();
    page = browser.pages()[0] ?? (await browser.newPage());
  });
  afterAll(async () => {
    await browser?.close();
  });

  const signIn = async (base: string, account: string) => {
    await page.goto(`${base}/desk`);
    await page.getByLabel('Tài khoản').first().fill(account);
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/\/desk\/queue$/u);
  };

  it('sign in, filter, open, accept and reply: the citizen gets the reply on Telegram; the queue updates live', async () => {
    const api = await new FakeTelegramApi().start();
    const app = await testApp(testConfig(undefined, { TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.apiRoot }));
    const telegram = new TelegramChannel({ token: api.token, apiRoot: api.apiRoot, pipeline: app.pipeline, logger: silentLogger });
    app.pipeline.register(telegram);
    await telegram.start();
    const web = await startWeb(app);
    await app.pipeline.start();
    try {
      await givePasswords(web, 'staff-bac-yen');
      const ticket = await app.intake.desk.file(SAMPLE_DRAFT, { channel: 'telegram', chatId: '555', userId: '555' });
      const urgent = await app.intake.desk.file({ ...SAMPLE_DRAFT, fullName: 'Lò Thị Dung', urgent: true, deadline: '2026-11-24', field: 'hinh_su' }, { channel: 'zalo', chatId: 'z9', userId: 'z9' });
      const elsewhere = await app.intake.desk.file({ ...SAMPLE_DRAFT, fullName: 'Quàng Thị Mai' }, { channel: 'zalo', chatId: 'z1', userId: 'z1' });
      await app.intake.desk.reroute({ kind: 'operator' }, elsewhere.number, 'cn-phu-yen');

      await signIn(web.url, 'staff-bac-yen');
      const rows = page.locator('table.queue tbody tr');
      await expect.poll(() => rows.count()).toBe(2);
      // Urgent first; another branch's ticket is not listed.
      expect(await rows.first().textContent()).toContain(urgent.number);
      expect(await rows.first().textContent()).toContain('hạn 24/11/2026');
      expect(await page.content()).not.toContain(elsewhere.number);
      const screenshot = screenshotPath('desk-queue');
      if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });

      // Filter: the field "Đất đai", then a status with nothing in it.
      await page.getByLabel('Lĩnh vực').selectOption('dat_dai');
      await page.getByRole('button', { name: 'Lọc' }).click();
      await page.waitForURL(/field=dat_dai/u);
      await expect.poll(() => rows.count()).toBe(1);
      expect(await rows.first().textContent()).toContain(ticket.number);
      await page.getByLabel('Trạng thái').selectOption('done');
      await page.getByRole('button', { name: 'Lọc' }).click();
      await page.waitForURL(/status=done/u);
      expect(await page.locator('#live-queue').textContent()).toContain('Không có yêu cầu nào khớp bộ lọc.');
      await page.getByRole('link', { name: 'Bỏ lọc' }).click();

      // A new request appears in the open queue without a reload (server-sent events).
      await page.waitForURL(/\/desk\/queue$/u);
      await page.waitForTimeout(300);
      const late = await app.intake.desk.file({ ...SAMPLE_DRAFT, fullName: 'Hà Văn Sáng' }, { channel: 'telegram', chatId: '556', userId: '556' });
      await page.locator(`a[href="/desk/tickets/${late.number}"]`).waitFor({ timeout: 10_000 });

      // Open the ticket: the request, its eligibility and papers, the history.
      await page.locator(`a[href="/desk/tickets/${ticket.number}"]`).click();
      await page.waitForURL(new RegExp(`/desk/tickets/${ticket.number}$`, 'u'));
      const body = page.locator('main');
      await expect.poll(() => body.textContent()).toContain('Lò Văn Páo');
      expect(await body.textContent()).toContain('0912345678');
      expect(await page.locator('h2', { hasText: 'Diện được trợ giúp và giấy tờ cần có' }).count()).toBe(1);
      expect(await page.locator('#live-history').textContent()).toContain('gửi yêu cầu');

      await page.getByRole('button', { name: 'Nhận yêu cầu' }).click();
      await expect.poll(() => page.locator('.flash').textContent()).toContain(`Đã nhận yêu cầu ${ticket.number}.`);
      expect((await app.intake.tickets.get(ticket.number))!.status).toBe('accepted');

      await page.getByLabel('Trả lời người dân').fill('Chào bác, chiều mai cán bộ sẽ gọi cho bác.');
      await page.getByRole('button', { name: 'Gửi trả lời' }).click();
      await expect.poll(() => page.locator('.flash').textContent()).toContain('Đã gửi trả lời cho người dân');
      // The citizen's Telegram chat gets the acceptance and the reply, in this order.
      await api.until(() => api.to(555).some((m) => m.text.includes('chiều mai cán bộ sẽ gọi')));
      const texts = api.to(555).map((m) => m.text);
      expect(texts.findIndex((t) => t.includes('đã nhận') || t.includes('Đã nhận'))).toBeLessThan(texts.findIndex((t) => t.includes('chiều mai')));
      // The conversation on the ticket page shows what was sent to them, the history who did it.
      await page.reload();
      expect(await page.locator('#live-conversation').textContent()).toContain('chiều mai cán bộ sẽ gọi');
      expect(await page.locator('#live-history').textContent()).toContain('trả lời người dân');
      const shot = screenshotPath('desk-ticket');
      if (shot) await page.screenshot({ path: shot, fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      expect(await page.evaluate(NO_SIDEWAYS_SCROLL)).toBe(true);
      const phoneTicket = screenshotPath('desk-ticket-phone');
      if (phoneTicket) await page.screenshot({ path: phoneTicket, fullPage: true });
      await page.setViewportSize({ width: 1366, height: 768 });

      // Another branch's ticket by URL: not found, nothing of it shown.
      const response = await page.goto(`${web.url}/desk/tickets/${elsewhere.number}`);
      expect(response!.status()).toBe(404);
      expect(await page.content()).not.toContain('Quàng Thị Mai');
      expect(await page.locator('main').textContent()).toContain('không thuộc danh sách của bạn');

      // A form posted without its CSRF token (from the signed-in page) is refused and changes nothing.
      await page.goto(`${web.url}/desk/queue`);
      const status = await page.evaluate(async (n) => (await fetch(`/desk/tickets/${n}/reject`, { method: 'POST', body: new URLSearchParams({ reason: 'x' }) })).status, late.number);
      expect(status).toBe(403);
      expect((await app.intake.tickets.get(late.number))!.status).toBe('routed');

      // On a phone the queue reads as cards, without sideways scrolling.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.reload();
      expect(await page.evaluate(NO_SIDEWAYS_SCROLL)).toBe(true);
      const phone = screenshotPath('desk-queue-phone');
      if (phone) await page.screenshot({ path: phone, fullPage: true });
      await page.setViewportSize({ width: 1366, height: 768 });
      expect(await page.evaluate(NO_SIDEWAYS_SCROLL)).toBe(true);
    } finally {
      await telegram.stop();
      await api.stop();
    }
  });
});
