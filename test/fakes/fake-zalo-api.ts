/**
 * A fake of the logged-in zca-js API for the Zalo channel: a listener that emits events shaped as
 * zca-js emits them (real `UserMessage` / `GroupMessage` objects), and a `sendMessage` that records.
 * It is typed against zca-js's own `API` type through `ZaloApi`.
 */
import { EventEmitter } from 'node:events';
import { GroupMessage, ThreadType, UserMessage, type API, type TMessage } from 'zca-js';
import type { ZaloApi } from '../../bot/channels/zalo.ts';

const OWN_ID = '9000';
let counter = 0;

function messageData(from: string, to: string, content: TMessage['content']): TMessage {
  counter += 1;
  return {
    actionId: String(counter), msgId: `m${Date.now()}${counter}`, cliMsgId: String(counter), msgType: 'webchat',
    uidFrom: from, idTo: to, dName: 'Người dân', ts: String(Date.now()), status: 1, content, notify: '1', ttl: 0,
    userId: '0', uin: '0', topOut: '0', topOutTimeOut: '0', topOutImprTimeOut: '0', propertyExt: undefined,
    paramsExt: { countUnread: 1, containType: 0, platformType: 1 }, cmd: 501, st: 3, at: 5, realMsgId: '0', quote: undefined,
  };
}

export class FakeZaloListener extends EventEmitter {
  started = 0;
  stopped = 0;
  start(): void {
    this.started += 1;
    this.emit('connected');
  }
  stop(): void {
    this.stopped += 1;
  }
}

export class FakeZaloApi {
  readonly listener = new FakeZaloListener();
  readonly sent: Array<{ threadId: string; type: ThreadType | undefined; msg: string; attachments?: Array<{ filename: string; data: Buffer; totalSize: number }> }> = [];

  readonly sendMessage: API['sendMessage'] = async (message, threadId, type) => {
    const files = typeof message === 'string' || !message.attachments ? [] : [message.attachments].flat();
    const attachments = files.flatMap((f) => (typeof f === 'string' ? [] : [{ filename: f.filename, data: f.data, totalSize: f.metadata.totalSize }]));
    this.sent.push({ threadId, type, msg: typeof message === 'string' ? message : message.msg, ...(attachments.length ? { attachments } : {}) });
    return { message: { msgId: this.sent.length }, attachment: [] };
  };

  /** This object as the channel sees it: the part of zca-js's API it uses. */
  get api(): ZaloApi {
    return this;
  }

  /** A citizen writes in a 1:1 thread. */
  user(userId: string, text: string): UserMessage {
    const message = new UserMessage(OWN_ID, messageData(userId, OWN_ID, text));
    this.listener.emit('message', message);
    return message;
  }

  /** Someone writes in a group thread. */
  group(groupId: string, userId: string, text: string): GroupMessage {
    const message = new GroupMessage(OWN_ID, { ...messageData(userId, groupId, text), mentions: undefined });
    this.listener.emit('message', message);
    return message;
  }

  /** The same event emitted again (a repeated delivery). */
  again(message: UserMessage | GroupMessage): void {
    this.listener.emit('message', message);
  }

  sticker(userId: string): void {
    this.listener.emit('message', new UserMessage(OWN_ID, messageData(userId, OWN_ID, { sticker: 1 })));
  }

  to(threadId: string) {
    return this.sent.filter((m) => m.threadId === threadId);
  }

  async until(test: () => boolean, ms = 10_000): Promise<void> {
    const end = Date.now() + ms;
    while (!test()) {
      if (Date.now() > end) throw new Error('fake Zalo: condition not met in time');
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}
