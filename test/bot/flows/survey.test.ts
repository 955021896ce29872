import { describe, expect, it } from 'vitest';
import { surveyQuestions } from '../../../intake/paperwork/survey.ts';
import { SurveyStore } from '../../../intake/paperwork/survey-store.ts';
import { conversationState, incoming, render, runTgpl, SAMPLE_DRAFT, tempDir, testApp, testAppOn, testConfig } from '../../helpers.ts';
import { BACKENDS, type Backend } from '../../postgres.ts';

const OPERATOR = { kind: 'operator', user: 'test' } as const;

async function setup(backend: Backend) {
  const app = await testAppOn(backend);
  const surveys = new SurveyStore(app.db, app.vault);
  const file = (chatId: string) => app.intake.desk.file(SAMPLE_DRAFT, { channel: 'console', chatId, userId: chatId });
  const close = async (number: string) => {
    await app.intake.desk.accept(OPERATOR, number);
    return app.intake.desk.setStatus(OPERATOR, number, 'done', '');
  };
  const say = async (chatId: string, text: string) => render(await app.assistant.handle(incoming(text, { chatId, userId: chatId })));
  /** The survey invitations waiting in the outbox for a chat. */
  const invitations = async (chatId: string) =>
    (await app.intake.outbox.keptFor('console', chatId)).filter((m) => m.toThem && m.text.includes('muốn hỏi bạn'));
  return { app, surveys, file, close, say, invitations };
}

describe.each(BACKENDS)('satisfaction survey (Mẫu 11) (%s)', (backend) => {
  it('is sent once when a ticket is closed as done, answered with numbers and a comment, and counted', async () => {
    const { app, surveys, file, close, say, invitations } = await setup(backend);
    const ticket = await file('c1');
    expect(await invitations('c1')).toHaveLength(0);
    await close(ticket.number);
    const sent = await invitations('c1');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain(ticket.number);
    expect((await conversationState(app, 'c1'))?.flow).toBe('survey');

    expect(await say('c1', 'có')).toContain(`Câu 1/${surveyQuestions().length}`);
    let last = '';
    for (let i = 0; i < surveyQuestions().length; i++) last = await say('c1', String((i % 3) + 1));
    expect(last).toContain('góp ý');
    expect(await say('c1', 'Cán bộ nhiệt tình, cảm ơn')).toContain('Cảm ơn bạn đã trả lời');
    const survey = (await surveys.get(ticket.id))!;
    expect(survey.status).toBe('done');
    expect(survey.answers).toEqual(Object.fromEntries(surveyQuestions().map((q, i) => [q.id, (i % 3) + 1])));
    expect(survey.comment).toBe('Cán bộ nhiệt tình, cảm ơn');
    // Sealed at rest.
    const raw = await app.db.get<{ comment: string }>('SELECT comment FROM surveys WHERE ticket_id = ?', [ticket.id]);
    expect(raw!.comment).toMatch(/^enc:v1:/u);
    expect((await conversationState(app, 'c1'))?.flow).toBe('menu');
    // The same ticket can never be surveyed again (a done ticket cannot be closed twice; the key holds it once).
    await expect(close(ticket.number)).rejects.toThrow();
    expect(await surveys.invite({ ...(await app.intake.tickets.get(ticket.number))! }, app.clock.now())).toBe(false);
    expect(await invitations('c1')).toHaveLength(1);
    // Anonymising the ticket keeps the numbered answers for the statistics; the comment and the chat go.
    await app.intake.tickets.anonymise(ticket.number, 'test', app.clock.now());
    expect(await surveys.get(ticket.id)).toMatchObject({ comment: '', chatId: '', answers: survey.answers });
  });

  it('"không" at the invitation declines: never asked again, not even for a later request', async () => {
    const { app, surveys, file, close, say, invitations } = await setup(backend);
    const first = await file('c2');
    await close(first.number);
    expect(await say('c2', 'không')).toContain('không hỏi bạn nữa');
    expect((await surveys.get(first.id))!.status).toBe('declined');
    const second = await file('c2');
    await close(second.number);
    expect(await invitations('c2')).toHaveLength(1);
    expect(await surveys.get(second.id)).toBeUndefined();
    expect((await conversationState(app, 'c2'))?.flow).toBe('menu');
  });

  it('"không" midway ends it with the answers so far; a rejected ticket gets no survey', async () => {
    const { app, surveys, file, close, say, invitations } = await setup(backend);
    const ticket = await file('c3');
    await close(ticket.number);
    await say('c3', '1');
    await say('c3', '2');
    expect(await say('c3', 'không')).toContain('đã ghi nhận');
    const survey = (await surveys.get(ticket.id))!;
    expect(survey.status).toBe('ended');
    expect(survey.answers).toEqual({ [surveyQuestions()[0]!.id]: 2 });
    // At the invitation, a message that is not an answer means the person moved on: the menu reads it.
    const moved = await file('c6');
    await close(moved.number);
    expect(await say('c6', 'tra cứu')).toContain(moved.number);
    expect((await conversationState(app, 'c6'))?.flow).toBe('lookup');
    expect((await surveys.get(moved.id))!.status).toBe('asked');
    const other = await file('c4');
    await app.intake.desk.reject(OPERATOR, other.number, 'không thuộc diện');
    expect(await invitations('c4')).toHaveLength(0);
  });

  it('a person in the middle of a form is not interrupted: the survey waits until they are back at the menu', async () => {
    const { app, surveys, file, close, say, invitations } = await setup(backend);
    const ticket = await file('c5');
    await say('c5', 'kiểm tra');
    const before = await conversationState(app, 'c5');
    expect(before?.flow).toBe('eligibility');
    await close(ticket.number);
    expect(await conversationState(app, 'c5')).toEqual(before);
    expect((await surveys.get(ticket.id))!.status).toBe('waiting');
    expect(await app.inviteWaitingSurveys()).toBe(0);
    expect(await invitations('c5')).toHaveLength(0);
    await say('c5', 'menu');
    expect((await conversationState(app, 'c5'))?.flow).toBe('menu');
    expect(await app.inviteWaitingSurveys()).toBe(1);
    expect(await app.inviteWaitingSurveys()).toBe(0);
    expect(await invitations('c5')).toHaveLength(1);
    expect((await surveys.get(ticket.id))!.status).toBe('asked');
    expect(await say('c5', '1')).toContain('Câu 1/');
  });
});

describe('the survey comment under key rotation', () => {
  it('is sealed again with the new key by tgpl keys rotate and still reads back', async () => {
    const dir = tempDir();
    const app = await testApp(testConfig(dir));
    const ticket = await app.intake.desk.file(SAMPLE_DRAFT, { channel: 'console', chatId: 'k1', userId: 'k1' });
    await app.intake.desk.accept(OPERATOR, ticket.number);
    await app.intake.desk.setStatus(OPERATOR, ticket.number, 'done', '');
    for (const text of ['có', ...surveyQuestions().map(() => '2'), 'Góp ý: nên gọi điện trước']) await app.assistant.handle(incoming(text, { chatId: 'k1', userId: 'k1' }));
    const keyOf = async () => (await app.db.get<{ comment: string }>('SELECT comment FROM surveys WHERE ticket_id = ?', [ticket.id]))!.comment.split(':')[2];
    const before = await keyOf();
    await app.close();
    const rotated = await runTgpl(['keys', 'rotate'], { DATA_DIR: dir });
    expect(rotated.code).toBe(0);
    const again = await testApp(testConfig(dir));
    const raw = (await again.db.get<{ comment: string }>('SELECT comment FROM surveys WHERE ticket_id = ?', [ticket.id]))!.comment;
    expect(raw.split(':')[2]).not.toBe(before);
    expect((await new SurveyStore(again.db, again.vault).get(ticket.id))!.comment).toBe('Góp ý: nên gọi điện trước');
  });
});
