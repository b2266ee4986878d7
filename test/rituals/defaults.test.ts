import { describe, expect, it } from 'vitest';
import { exampleOrgConfig } from '../helpers/org.js';

describe('the shipped ritual steps (issue 14 item 9, decision 0034)', () => {
  it('the Product Weekly posts twice per occurrence, not three times: the call for topics and the day-before reminder', () => {
    const weekly = exampleOrgConfig().rituals.find((r) => r.key === 'weekly');
    expect(weekly?.steps.map((s) => `${s.key}:${s.action}`)).toEqual(['call-for-topics:call_for_topics', 'remind-day-before:remind']);
  });
});
