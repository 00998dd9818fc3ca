import type { OutgoingMessage } from '../channel.port';
import { InAppChannel } from './in-app.channel';
import { RecordingSmsChannel } from './recording-sms.channel';

const msg = (id: string, dedupeKey = `notif:${id}`): OutgoingMessage => ({
  id,
  dedupeKey,
  channel: 'SMS',
  to: '+8613800000000',
  locale: 'zh-CN',
  subject: 's',
  body: `body ${id}`,
});

describe('RecordingSmsChannel', () => {
  it('records delivered messages in order and exposes them', async () => {
    const sms = new RecordingSmsChannel();
    expect(sms.channel).toBe('SMS');
    await sms.send(msg('a'));
    await sms.send(msg('b'));
    expect(sms.messages().map((m) => [m.id, m.dedupeKey, m.body])).toEqual([
      ['a', 'notif:a', 'body a'],
      ['b', 'notif:b', 'body b'],
    ]);
  });

  it('dedupes by dedupeKey: a second send with the same key is accepted, recorded once, same providerId', async () => {
    const sms = new RecordingSmsChannel();
    const first = await sms.send(msg('a'));
    const again = await sms.send({ ...msg('a'), body: 'retried' });
    expect(again).toEqual(first);
    expect(sms.messages()).toHaveLength(1);
    expect(sms.messages()[0].body).toBe('body a');
  });

  it('concurrent sends with one key record once', async () => {
    const sms = new RecordingSmsChannel();
    await Promise.all(Array.from({ length: 10 }, () => sms.send(msg('x'))));
    expect(sms.messages()).toHaveLength(1);
  });

  it('messages() returns copies; clear() empties it (and a cleared key can be sent again)', async () => {
    const sms = new RecordingSmsChannel();
    await sms.send(msg('a'));
    sms.messages()[0].body = 'tampered';
    expect(sms.messages()[0].body).toBe('body a');
    sms.clear();
    expect(sms.messages()).toEqual([]);
    await sms.send(msg('a'));
    expect(sms.messages()).toHaveLength(1);
  });
});

describe('InAppChannel', () => {
  it('is a no-op whose providerId is the notification id', async () => {
    const inApp = new InAppChannel();
    expect(inApp.channel).toBe('IN_APP');
    await expect(inApp.send({ ...msg('row-1'), channel: 'IN_APP', to: 'user-1' })).resolves.toEqual({ providerId: 'row-1' });
  });
});
