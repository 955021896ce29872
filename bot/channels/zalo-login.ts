/**
 * Logging the Zalo channel in: with saved credentials (cookie, imei, user agent) when there are
 * some, else by QR code — shown as a PNG under data/ and announced in the terminal — saving the
 * credentials it gets, readable by the owner only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { LoginQRCallbackEventType, Zalo, type Credentials, type LoginQRCallbackEvent } from 'zca-js';
import type { Logger } from '../../lib/logger.ts';
import { ensurePrivateDir, tightenIfPresent, writePrivateFileAtomically } from '../../lib/private-files.ts';
import { qrToTerminal } from './qr-terminal.ts';
import type { ZaloApi } from './zalo.ts';

export interface ZaloLoginOptions {
  credentialsFile: string;
  qrFile: string;
  logger: Logger;
  /** Where to tell the operator what to do (the terminal). */
  print: (line: string) => void;
}

/** What a QR login event led to. */
export type QrOutcome = 'qr_saved' | 'scanned' | 'expired_retry' | 'declined' | 'credentials_saved';

/** Handles one QR login event from zca-js. */
export async function onQrEvent(event: LoginQRCallbackEvent, options: ZaloLoginOptions): Promise<QrOutcome> {
  switch (event.type) {
    case LoginQRCallbackEventType.QRCodeGenerated:
      ensurePrivateDir(dirname(options.qrFile));
      await event.actions.saveToFile(options.qrFile);
      // The code logs the centre's account in: readable by the owner only.
      tightenIfPresent(options.qrFile);
      options.print(`Zalo: mở Zalo trên điện thoại của tài khoản dành riêng cho trợ lý, quét mã QR dưới đây (cũng lưu ở ${options.qrFile}):`);
      try {
        const text = qrToTerminal(event.data.image);
        if (text) options.print(text);
      } catch {
        // The PNG file is there either way.
      }
      return 'qr_saved';
    case LoginQRCallbackEventType.QRCodeScanned:
      options.print('Zalo: đã quét mã, hãy xác nhận đăng nhập trên điện thoại.');
      return 'scanned';
    case LoginQRCallbackEventType.QRCodeExpired:
      options.print('Zalo: mã QR hết hạn, đang tạo mã mới…');
      event.actions.retry();
      return 'expired_retry';
    case LoginQRCallbackEventType.QRCodeDeclined:
      options.print('Zalo: đăng nhập bị từ chối trên điện thoại. Chạy lại để thử lần nữa.');
      event.actions.abort();
      return 'declined';
    case LoginQRCallbackEventType.GotLoginInfo:
      saveCredentials(options.credentialsFile, { cookie: event.data.cookie, imei: event.data.imei, userAgent: event.data.userAgent });
      options.logger.info({ channel: 'zalo' }, 'zalo credentials saved');
      return 'credentials_saved';
  }
}

/** Writes the credentials readable and writable by the owner only (0600, folder 0700), all at once. */
export function saveCredentials(file: string, credentials: Credentials): void {
  ensurePrivateDir(dirname(file));
  writePrivateFileAtomically(file, JSON.stringify(credentials));
}

/** Logs in with saved credentials, or by QR when there are none or they are refused. */
export async function connectZalo(options: ZaloLoginOptions): Promise<ZaloApi> {
  const zalo = new Zalo({ selfListen: false, logging: false });
  if (existsSync(options.credentialsFile)) {
    // A login saved by an earlier version may be readable by others: owner-only from now on.
    tightenIfPresent(options.credentialsFile);
    try {
      return await zalo.login(JSON.parse(readFileSync(options.credentialsFile, 'utf8')) as Credentials);
    } catch (err) {
      options.logger.warn({ channel: 'zalo', err: (err as Error).message }, 'saved zalo credentials refused, QR login');
    }
  }
  return zalo.loginQR({ qrPath: options.qrFile }, (event) => {
    void onQrEvent(event, options).catch((err: Error) => options.logger.error({ channel: 'zalo', err: err.message }, 'zalo QR step failed'));
  });
}
