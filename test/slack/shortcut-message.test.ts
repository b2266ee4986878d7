import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readShortcutMessage, readableText, threadAwareLink } from '../../src/slack/shortcut-message.js';

// Issue 11 items 6 and 8: what a message shortcut's message says, read as Slack documents it.

describe('readShortcutMessage', () => {
  it('takes message.ts when the top-level message_ts is absent (Slack’s documented example)', () => {
    expect(readShortcutMessage({ message: { ts: '1.2', text: 'hi', user: 'U1' } }).ts).toBe('1.2');
    expect(readShortcutMessage({ message_ts: '3.4', message: { ts: '1.2', text: 'hi' } }).ts).toBe('3.4');
  });

  it('gives no customer voice for a bot’s message', () => {
    expect(readShortcutMessage({ message: { ts: '1', text: 'x', user: 'U1', bot_id: 'B1' } }).voice).toBeUndefined();
    expect(readShortcutMessage({ message: { ts: '1', text: 'x', subtype: 'bot_message' } }).voice).toBeUndefined();
    expect(readShortcutMessage({ message: { ts: '1', text: 'x', user: 'U1' } }).voice).toBe('U1');
  });

  it('reads attachments and files when the text is empty', () => {
    const read = readShortcutMessage({
      message: { ts: '1', text: '', attachments: [{ fallback: 'Fallback only' }, { text: 'Attachment &amp; text' }], files: [{ title: 'Roadmap.pdf' }] },
    });
    expect(read.text).toBe('Fallback only\nAttachment & text\n📎 Roadmap.pdf');
  });

  it('reads Slack’s own payload with a file in an unfurl', () => {
    const payload: unknown = JSON.parse(readFileSync(new URL('../fixtures/slack/payloads/message_action_files_attachment.json', import.meta.url), 'utf8'));
    const read = readShortcutMessage(payload as { message?: unknown });
    expect(read.voice).toBeUndefined();
    expect(read.text).toContain('Here is the uploaded file');
    expect(read.text).not.toContain('<https');
  });

  it('turns markup into readable text, decoding entities once', () => {
    expect(readableText('<@U1|ana> said <https://a.example/x?a=1&amp;b=2|the doc> &lt;3 to <@U2> in <#C1|general> <https://b.example>')).toBe(
      '@ana said the doc (https://a.example/x?a=1&b=2) <3 to @U2 in #general https://b.example',
    );
  });
});

describe('threadAwareLink', () => {
  it('opens the thread for a reply, the message otherwise', () => {
    expect(threadAwareLink('acme', 'C1', '2.000200', '1.000100')).toBe('https://acme.slack.com/archives/C1/p2000200?thread_ts=1.000100&cid=C1');
    expect(threadAwareLink('acme', 'C1', '1.000100', '1.000100')).toBe('https://acme.slack.com/archives/C1/p1000100');
    expect(threadAwareLink(undefined, 'C1', '1.1')).toBeUndefined();
  });
});
