import { describe, expect, it } from 'vitest';
import { answerButton } from '../../src/health/listeners/actions.js';
import { surveySubmitted } from '../../src/health/listeners/views.js';
import { buttonArgs, handlerContext, viewArgs } from '../helpers/fake-args.js';

/* The health check's listeners called directly with fake Bolt arguments (issue 17). */
const NOW = new Date('2026-12-07T09:00:00Z');
const DEV = 'U0000DEV0001';

describe('health listeners without Bolt', () => {
  it('"Answer" on a survey that does not exist opens the small "closed" modal, nothing else', async () => {
    const { ctx } = handlerContext(NOW);
    const { args, rec } = buttonArgs({ user: DEV, actionId: 'health_answer', value: '42' });
    await answerButton(ctx, args);
    expect(rec.acks).toEqual([undefined]);
    expect(rec.calls.map((c) => c.method)).toEqual(['views.open']);
    expect(JSON.stringify(rec.calls[0]?.args)).toContain('This health check is closed.');
  });

  it('a submission with forged metadata is answered "closed" in place and records no answer', async () => {
    const { ctx, db } = handlerContext(NOW);
    const { args, rec } = viewArgs({ user: DEV, callbackId: 'health_survey', privateMetadata: '1; DROP TABLE' });
    await surveySubmitted(ctx, args);
    expect(rec.acks).toHaveLength(1);
    expect(rec.acks[0]).toMatchObject({ response_action: 'update' });
    expect(JSON.stringify(rec.acks[0])).toContain('This health check is closed.');
    expect(rec.calls).toEqual([]);
    expect(db.prepare('SELECT COUNT(*) FROM health_answers').pluck().get()).toBe(0);
  });
});
