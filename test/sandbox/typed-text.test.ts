import { describe, expect, it } from 'vitest';
import { typedText } from '../../src/sandbox/server.js';

describe('typedText (what Slack makes of what a person types)', () => {
  const personas = [
    { id: 'U0000PMPAY2', name: 'Checkout PM' },
    { id: 'U0000VPPRD1', name: 'Approver (VP Product)' },
  ];
  it('escapes & < > and keeps picked mentions as markup', () => {
    expect(typedText('a <b> & <!channel>', personas)).toBe('a &lt;b&gt; &amp; &lt;!channel&gt;');
    expect(typedText('owner @Checkout PM, cc @approver (vp product).', personas)).toBe('owner <@U0000PMPAY2>, cc <@U0000VPPRD1>.');
    expect(typedText('ping <@U0000PMPAY2> in <#C0000PAYMNT>', personas)).toBe('ping <@U0000PMPAY2> in <#C0000PAYMNT>');
    expect(typedText('mail bob@Checkout PM', personas)).toBe('mail bob@Checkout PM');
  });
});
