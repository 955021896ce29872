/**
 * The web chat in a real Chromium on a phone-sized screen: a citizen opens "/", presses the menu's
 * button, files a request by typing and pressing buttons, gets its number; the request is in the
 * ticket store, routed to its branch, from the "web" channel; a reload keeps the conversation, which
 * goes on where it was. Also the widget embedded with one script tag on another site's page.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { testApp } from '../helpers.ts';
import { browserTestsRun, launchChromium, screenshotPath, startWeb } from './web-helpers.ts';

const NO_SIDEWAYS_SCROLL = 'document.documentElement.scrollWidth <= window.innerWidth + 1';

describe.skipIf(!browserTestsRun)('web chat in Chromium', () => {
  let browser: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    browser = await launchChromium({ width: 390, height: 844 });
    page = browser.pages()[0] ?? (await browser.newPage());
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('files a request end to end on a phone screen, buttons as buttons, and keeps the conversation across a reload', async () => {
    const app = await testApp();
    const web = await startWeb(app);
    await page.goto(`${web.url}/`);
    const bot = page.locator('.tgpl-bot');
    const lastBot = () => bot.last().textContent();
    /** Waits until every message sent is handled and the browser shows the last reply. */
    const settled = async () => {
      await app.pipeline.idle();
      const row = await app.db.get<{ id: number }>("SELECT max(id) AS id FROM outbox WHERE channel = 'web'");
      // Run in the page: the widget has stored the id of the last reply it shows.
      await page.waitForFunction((id) => {
        const storage = (globalThis as unknown as { localStorage: { getItem(key: string): string | null } }).localStorage;
        return Object.keys(storage).some((k) => k.startsWith('tgpl-chat:') && (JSON.parse(storage.getItem(k)!) as { after: number }).after >= id);
      }, row!.id);
    };
    const say = async (text: string) => {
      const posted = page.waitForResponse((r) => r.url().endsWith('/chat/api/messages') && r.request().method() === 'POST');
      await page.getByLabel('Nhập tin nhắn…').fill(text);
      await page.getByRole('button', { name: 'Gửi', exact: true }).click();
      expect((await posted).status()).toBe(202);
      await settled();
    };
    const press = async (label: string) => {
      const posted = page.waitForResponse((r) => r.url().endsWith('/chat/api/messages') && r.request().method() === 'POST');
      await page.locator('.tgpl-msg').last().getByRole('button', { name: label }).click();
      expect((await posted).status()).toBe(202);
      await settled();
    };

    // The menu's items are buttons.
    await page.locator('.tgpl-choice', { hasText: 'Gửi yêu cầu trợ giúp pháp lý' }).first().waitFor();
    await press('Gửi yêu cầu trợ giúp pháp lý');
    expect(await lastBot()).toMatch(/đồng ý/iu);
    await say('đồng ý');
    await say('cho tôi');
    await say('Lò Văn Páo');
    await say('1958');
    await say('0912 345 678');
    await say('bản Pá Hốc, xã Tà Xùa, Sơn La');
    expect(await page.locator('.tgpl-log').textContent()).toContain('Tà Xùa');
    await say('1');
    await say('Hàng xóm lấn sang đất nhà tôi gần hai mét, xã hòa giải không được');
    await say('không có');
    await say('gọi điện');
    expect(await page.locator('.tgpl-log').textContent()).toContain('0912345678');
    expect(await page.evaluate(NO_SIDEWAYS_SCROLL)).toBe(true);
    await say('đúng');
    expect(await page.locator('.tgpl-log').textContent()).toMatch(/TG-2026-0000\d\d/u);
    const shot = screenshotPath('web-chat-phone');
    if (shot) await page.screenshot({ path: shot });

    const tickets = await app.intake.tickets.list();
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({ channel: 'web', fullName: 'Lò Văn Páo', phone: '0912345678', communeName: 'Xã Tà Xùa', status: 'routed', branchId: 'cn-bac-yen' });

    // A reload keeps what was said, and the conversation goes on where it was (the menu).
    const before = await page.locator('.tgpl-msg').count();
    await page.reload();
    await page.locator('.tgpl-msg').nth(before - 1).waitFor();
    expect(await page.locator('.tgpl-msg').count()).toBe(before);
    await say('tra cứu');
    expect(await page.locator('.tgpl-log').textContent()).toContain(tickets[0]!.number);
    expect(await page.locator('.tgpl-msg').count()).toBeGreaterThan(before);
  });

  it('runs from one script tag on another site: a button opens it and the menu answers', async () => {
    const app = await testApp();
    const web = await startWeb(app);
    // The centre's own site (another origin): a page with nothing but the script tag.
    const site = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="vi"><head><meta name="viewport" content="width=device-width, initial-scale=1"><title>Sở Tư pháp</title></head><body><h1>Sở Tư pháp</h1><script src="${web.url}/chat/widget.js" defer></script></body></html>`);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    try {
      await page.setViewportSize({ width: 1366, height: 768 });
      await page.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
      await page.getByRole('button', { name: 'Hỏi trợ giúp pháp lý' }).click();
      const about = page.locator('.tgpl-choice', { hasText: 'Giới thiệu' }).first();
      await about.waitFor();
      await about.click();
      await expect.poll(() => page.locator('.tgpl-log').textContent(), { timeout: 15_000 }).toContain('Điều 27');
      const shot = screenshotPath('web-chat-widget');
      if (shot) await page.screenshot({ path: shot });
    } finally {
      site.closeAllConnections();
      await new Promise((resolve) => site.close(resolve));
    }
  });
});
