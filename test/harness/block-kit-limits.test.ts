import { describe, expect, it } from 'vitest';
import { LIMITS, validateBlocks, validateView } from '../../src/sandbox/slack/block-kit.js';

// Each limit is tested at the limit (accepted) and one past it (refused).

const chars = (n: number): string => 'x'.repeat(n);
const plain = (text: string) => ({ type: 'plain_text', text });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const section = (text: string, extra: Record<string, unknown> = {}) => ({ type: 'section', text: mrkdwn(text), ...extra });
const option = (i: number, text = `Option ${i}`) => ({ text: plain(text), value: `v${i}` });
const options = (n: number) => Array.from({ length: n }, (_, i) => option(i));
const button = (text: string, extra: Record<string, unknown> = {}) => ({ type: 'button', text: plain(text), action_id: 'go', ...extra });
const actions = (...elements: unknown[]) => ({ type: 'actions', elements });
const modal = (extra: Record<string, unknown> = {}) => ({ type: 'modal', title: plain('Title'), blocks: [], ...extra });
const input = (blockId = 'in') => ({
  type: 'input',
  block_id: blockId,
  label: plain('Label'),
  element: { type: 'plain_text_input', action_id: 'value' },
});

describe('validateBlocks', () => {
  it('accepts a typical message', () => {
    expect(
      validateBlocks(
        [
          { type: 'header', text: plain('Weekly digest') },
          section('*Hello*', { accessory: button('Open') }),
          { type: 'divider' },
          { type: 'context', elements: [mrkdwn('3 insights'), { type: 'image', image_url: 'https://x.test/a.png', alt_text: 'a' }] },
          actions(button('Approve', { action_id: 'approve', style: 'primary' }), button('Reject', { action_id: 'reject' })),
        ],
        'message',
      ),
    ).toEqual([]);
  });

  it('reports problems with a JSON pointer, like Slack', () => {
    expect(validateBlocks([section(chars(3001))], 'message')).toEqual([
      'must be at most 3000 characters (got 3001) [json-pointer:/blocks/0/text/text]',
    ]);
  });

  it('refuses blocks that are not an array', () => {
    expect(validateBlocks('[]', 'message')).toEqual(['blocks must be an array [json-pointer:/blocks]']);
  });

  it.each([
    ['message', LIMITS.blocksPerMessage],
    ['modal', LIMITS.blocksPerView],
    ['home', LIMITS.blocksPerView],
  ] as const)('allows %s blocks up to %i', (surface, max) => {
    const blocks = (n: number) => Array.from({ length: n }, () => ({ type: 'divider' }));
    expect(validateBlocks(blocks(max), surface)).toEqual([]);
    expect(validateBlocks(blocks(max + 1), surface)).toEqual([
      `no more than ${max} blocks are allowed in a ${surface} (got ${max + 1}) [json-pointer:/blocks]`,
    ]);
  });

  it('limits section text to 3000 characters, and refuses empty text', () => {
    expect(validateBlocks([section(chars(3000))], 'message')).toEqual([]);
    expect(validateBlocks([section(chars(3001))], 'message')).toHaveLength(1);
    expect(validateBlocks([section('')], 'message')).toEqual([
      'must be more than 0 characters [json-pointer:/blocks/0/text/text]',
    ]);
  });

  it('limits section fields to 10, each up to 2000 characters', () => {
    const fields = (n: number, len = 5) => ({ type: 'section', fields: Array.from({ length: n }, () => mrkdwn(chars(len))) });
    expect(validateBlocks([fields(10, 2000)], 'message')).toEqual([]);
    expect(validateBlocks([fields(11)], 'message')).toEqual([
      'must have at most 10 items (got 11) [json-pointer:/blocks/0/fields]',
    ]);
    expect(validateBlocks([fields(1, 2001)], 'message')).toEqual([
      'must be at most 2000 characters (got 2001) [json-pointer:/blocks/0/fields/0/text]',
    ]);
  });

  it('needs text or fields in a section', () => {
    expect(validateBlocks([{ type: 'section' }], 'message')).toEqual([
      'section needs text or fields [json-pointer:/blocks/0]',
    ]);
  });

  it('limits header text to 150 plain_text characters', () => {
    expect(validateBlocks([{ type: 'header', text: plain(chars(150)) }], 'message')).toEqual([]);
    expect(validateBlocks([{ type: 'header', text: plain(chars(151)) }], 'message')).toEqual([
      'must be at most 150 characters (got 151) [json-pointer:/blocks/0/text/text]',
    ]);
    expect(validateBlocks([{ type: 'header', text: mrkdwn('*bold*') }], 'message')).toEqual([
      'must be plain_text (got mrkdwn) [json-pointer:/blocks/0/text/type]',
    ]);
  });

  it('refuses text objects of unknown type, and bare strings', () => {
    expect(validateBlocks([{ type: 'section', text: { type: 'markdown', text: 'x' } }], 'message')).toEqual([
      'text object type must be plain_text or mrkdwn (got "markdown") [json-pointer:/blocks/0/text/type]',
    ]);
    expect(validateBlocks([{ type: 'header', text: 'Plain string' }], 'message')).toEqual([
      'must be a text object { type, text } [json-pointer:/blocks/0/text]',
    ]);
  });

  it('limits button text to 75 plain_text characters, in actions blocks and section accessories', () => {
    expect(validateBlocks([actions(button(chars(75)))], 'message')).toEqual([]);
    expect(validateBlocks([actions(button(chars(76)))], 'message')).toEqual([
      'must be at most 75 characters (got 76) [json-pointer:/blocks/0/elements/0/text/text]',
    ]);
    expect(validateBlocks([section('x', { accessory: button(chars(76)) })], 'message')).toEqual([
      'must be at most 75 characters (got 76) [json-pointer:/blocks/0/accessory/text/text]',
    ]);
    expect(validateBlocks([actions({ type: 'button', text: mrkdwn('*Go*'), action_id: 'go' })], 'message')).toEqual([
      'must be plain_text (got mrkdwn) [json-pointer:/blocks/0/elements/0/text/type]',
    ]);
  });

  it('limits static_select and multi_static_select to 100 options', () => {
    for (const type of ['static_select', 'multi_static_select']) {
      const select = (n: number) => actions({ type, action_id: 'pick', placeholder: plain('Pick'), options: options(n) });
      expect(validateBlocks([select(100)], 'message')).toEqual([]);
      expect(validateBlocks([select(101)], 'message')).toEqual([
        'must have at most 100 items (got 101) [json-pointer:/blocks/0/elements/0/options]',
      ]);
    }
  });

  it('checks options nested in option groups, and wants plain_text option text in selects', () => {
    const grouped = (n: number) =>
      actions({ type: 'static_select', action_id: 'pick', option_groups: [{ label: plain('Group'), options: options(n) }] });
    expect(validateBlocks([grouped(100)], 'message')).toEqual([]);
    expect(validateBlocks([grouped(101)], 'message')).toEqual([
      'must have at most 100 items (got 101) [json-pointer:/blocks/0/elements/0/option_groups/0/options]',
    ]);
    const mrkdwnOption = actions({ type: 'static_select', action_id: 'pick', options: [{ text: mrkdwn('*a*'), value: 'a' }] });
    expect(validateBlocks([mrkdwnOption], 'message')).toEqual([
      'must be plain_text (got mrkdwn) [json-pointer:/blocks/0/elements/0/options/0/text/type]',
    ]);
    // Checkbox labels, on the other hand, may be mrkdwn.
    const checkboxes = actions({ type: 'checkboxes', action_id: 'tick', options: [{ text: mrkdwn('*a*'), value: 'a' }] });
    expect(validateBlocks([checkboxes], 'message')).toEqual([]);
  });

  it('checks the option limits of overflow menus', () => {
    const overflow = (n: number) => ({ type: 'section', text: mrkdwn('x'), accessory: { type: 'overflow', action_id: 'more', options: options(n) } });
    expect(validateBlocks([overflow(5)], 'message')).toEqual([]);
    expect(validateBlocks([overflow(6)], 'message')).toEqual([
      'must have at most 5 items (got 6) [json-pointer:/blocks/0/accessory/options]',
    ]);
  });

  it('limits action_id and block_id to 255 characters', () => {
    expect(validateBlocks([{ ...actions(button('Go', { action_id: chars(255) })), block_id: chars(255) }], 'message')).toEqual([]);
    expect(validateBlocks([actions(button('Go', { action_id: chars(256) }))], 'message')).toEqual([
      'must be at most 255 characters (got 256) [json-pointer:/blocks/0/elements/0/action_id]',
    ]);
    expect(validateBlocks([{ type: 'divider', block_id: chars(256) }], 'message')).toEqual([
      'must be at most 255 characters (got 256) [json-pointer:/blocks/0/block_id]',
    ]);
  });

  it('refuses duplicate block_ids, and duplicate action_ids within a block', () => {
    expect(validateBlocks([{ type: 'divider', block_id: 'a' }, { type: 'divider', block_id: 'b' }], 'message')).toEqual([]);
    expect(validateBlocks([{ type: 'divider', block_id: 'a' }, { type: 'divider', block_id: 'a' }], 'message')).toEqual([
      'duplicate block_id a [json-pointer:/blocks/1/block_id]',
    ]);
    expect(validateBlocks([actions(button('A'), button('B'))], 'message')).toEqual([
      'duplicate action_id go within one block [json-pointer:/blocks/0/elements/1/action_id]',
    ]);
    // The same action_id in two different blocks is fine.
    expect(validateBlocks([actions(button('A')), actions(button('B'))], 'message')).toEqual([]);
  });

  it('allows input blocks in views only', () => {
    expect(validateBlocks([input()], 'modal')).toEqual([]);
    expect(validateBlocks([input()], 'home')).toEqual([]);
    expect(validateBlocks([input()], 'message')).toEqual([
      'input blocks are only allowed in modals and Home tabs [json-pointer:/blocks/0]',
    ]);
  });

  it('checks the element of input blocks and the elements of context blocks', () => {
    const badInput = { ...input(), element: { type: 'static_select', action_id: 'pick', options: options(101) } };
    expect(validateBlocks([badInput], 'modal')).toEqual([
      'must have at most 100 items (got 101) [json-pointer:/blocks/0/element/options]',
    ]);
    expect(validateBlocks([{ ...input(), element: { type: 'button', text: plain('x') } }], 'modal')).toEqual([
      'element type button is not allowed here [json-pointer:/blocks/0/element/type]',
    ]);
    expect(validateBlocks([{ type: 'context', elements: [mrkdwn('ok'), { type: 'image', image_url: 'https://x.test/a.png' }] }], 'message')).toEqual([
      'missing required field [json-pointer:/blocks/0/elements/1/alt_text]',
    ]);
  });

  it('refuses unknown block types', () => {
    expect(validateBlocks([{ type: 'sectoin', text: mrkdwn('x') }], 'message')).toEqual([
      'unsupported block type: sectoin [json-pointer:/blocks/0/type]',
    ]);
  });
});

describe('validateView', () => {
  it('accepts a modal with inputs and a submit button', () => {
    expect(validateView(modal({ submit: plain('Save'), close: plain('Cancel'), blocks: [input()] }))).toEqual([]);
  });

  it.each(['title', 'submit', 'close'])('limits the modal %s to 24 plain_text characters', (field) => {
    expect(validateView(modal({ [field]: plain(chars(24)) }))).toEqual([]);
    expect(validateView(modal({ [field]: plain(chars(25)) }))).toEqual([
      `must be at most 24 characters (got 25) [json-pointer:/view/${field}/text]`,
    ]);
    expect(validateView(modal({ [field]: mrkdwn('x') }))).toEqual([`must be plain_text (got mrkdwn) [json-pointer:/view/${field}/type]`]);
  });

  it('needs a title on modals, and a submit button when there are inputs', () => {
    expect(validateView({ type: 'modal', blocks: [] })).toEqual(['missing required field [json-pointer:/view/title]']);
    expect(validateView(modal({ blocks: [input()] }))).toEqual([
      'submit is required when the view contains input blocks [json-pointer:/view/submit]',
    ]);
  });

  it('limits private_metadata to 3000 characters', () => {
    expect(validateView(modal({ private_metadata: chars(3000) }))).toEqual([]);
    expect(validateView(modal({ private_metadata: chars(3001) }))).toEqual([
      'must be at most 3000 characters (got 3001) [json-pointer:/view/private_metadata]',
    ]);
  });

  it('limits a view to 100 blocks', () => {
    const dividers = (n: number) => Array.from({ length: n }, () => ({ type: 'divider' }));
    expect(validateView({ type: 'home', blocks: dividers(100) })).toEqual([]);
    expect(validateView({ type: 'home', blocks: dividers(101) })).toEqual([
      'no more than 100 blocks are allowed in a home (got 101) [json-pointer:/view/blocks]',
    ]);
  });

  it('limits the whole view to 250,000 bytes of JSON', () => {
    // 88 sections of 2,800 characters is just over 250 kB; trim the last one to land exactly on the target.
    const viewOfBytes = (target: number) => {
      const blocks = Array.from({ length: 88 }, () => section(chars(2800)));
      const view = { type: 'home', blocks };
      const excess = Buffer.byteLength(JSON.stringify(view)) - target;
      blocks[87] = section(chars(2800 - excess));
      return view;
    };
    const atLimit = viewOfBytes(LIMITS.viewBytes);
    expect(Buffer.byteLength(JSON.stringify(atLimit))).toBe(250_000);
    expect(validateView(atLimit)).toEqual([]);
    expect(validateView(viewOfBytes(LIMITS.viewBytes + 1))).toEqual([
      'view must be at most 250000 bytes as JSON (got 250001) [json-pointer:/view]',
    ]);
  });

  it('checks the blocks of the view with view paths', () => {
    expect(validateView(modal({ blocks: [section(chars(3001))] }))).toEqual([
      'must be at most 3000 characters (got 3001) [json-pointer:/view/blocks/0/text/text]',
    ]);
  });

  it('refuses views that are not modal or home', () => {
    expect(validateView({ type: 'message', blocks: [] })).toEqual([
      'unsupported view type: "message" (expected modal or home) [json-pointer:/view/type]',
    ]);
    expect(validateView('{"type":"modal"}')).toEqual(['view must be an object [json-pointer:/view]']);
  });
});
