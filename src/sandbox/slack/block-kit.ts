// A checker for Slack's Block Kit limits, used in two places:
//  - the fake Slack Web API (web-api.ts) rejects calls that break them, as Slack does;
//  - unit tests of the pure Block Kit builders assert `validateBlocks(...)` is empty.
//
// It is not a full schema of Block Kit. It checks what bites in practice: the
// numeric limits (ENGINEERING.md, "Slack platform facts that bite"), the text
// object types, duplicate ids, and the shape of the elements nested in blocks.
// Problems are worded like Slack's own `errors` entries:
//   "must be at most 3000 characters (got 3001) [json-pointer:/blocks/0/text/text]"
//
// Lengths are counted in UTF-16 code units (String#length). For emoji that is more
// than the number of characters a person sees, so we err on the strict side.

export type Surface = 'message' | 'modal' | 'home';

export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  viewTitle: 24,
  viewSubmit: 24,
  viewClose: 24,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  selectOptions: 100,
  optionGroups: 100,
  optionGroupLabel: 75,
  optionText: 75,
  optionValue: 150,
  optionDescription: 75,
  overflowOptions: 5,
  checkboxOptions: 10,
  radioOptions: 10,
  actionId: 255,
  blockId: 255,
  callbackId: 255,
  externalId: 255,
  privateMetadata: 3000,
  /** A whole view, JSON-encoded. Slack says "250kb"; we read it as 250,000 bytes (the stricter reading). */
  viewBytes: 250_000,
  actionsElements: 25,
  contextElements: 10,
  placeholder: 150,
  inputLabel: 2000,
  inputHint: 2000,
  imageAltText: 2000,
  imageTitle: 2000,
  plainTextInputLength: 3000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  markdownBlockText: 12_000,
} as const;

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects problems with the JSON pointer of where they are. */
class Problems {
  readonly list: string[] = [];
  add(path: string, message: string): void {
    this.list.push(`${message} [json-pointer:${path}]`);
  }
}

// ---------------------------------------------------------------------------
// Element catalogue
// ---------------------------------------------------------------------------

const SINGLE_SELECTS = ['static_select', 'external_select', 'users_select', 'conversations_select', 'channels_select'];
const MULTI_SELECTS = SINGLE_SELECTS.map((type) => `multi_${type}`);
const SELECTS = new Set([...SINGLE_SELECTS, ...MULTI_SELECTS]);

/** Elements allowed in an `actions` block. */
const ACTIONS_ELEMENTS = new Set([
  'button',
  'checkboxes',
  'datepicker',
  'datetimepicker',
  'overflow',
  'radio_buttons',
  'timepicker',
  'workflow_button',
  'rich_text_input',
  ...SELECTS,
]);

/** Elements allowed as a `section` accessory. */
const SECTION_ACCESSORIES = new Set([
  'button',
  'checkboxes',
  'datepicker',
  'image',
  'overflow',
  'radio_buttons',
  'timepicker',
  'workflow_button',
  ...SELECTS,
]);

/** Elements allowed as the `element` of an `input` block. */
const INPUT_ELEMENTS = new Set([
  'checkboxes',
  'datepicker',
  'datetimepicker',
  'email_text_input',
  'file_input',
  'number_input',
  'plain_text_input',
  'radio_buttons',
  'rich_text_input',
  'timepicker',
  'url_text_input',
  ...SELECTS,
]);

const KNOWN_BLOCKS = new Set([
  'actions',
  'context',
  'context_actions',
  'divider',
  'file',
  'header',
  'image',
  'input',
  'markdown',
  'rich_text',
  'section',
  'table',
  'video',
]);

// ---------------------------------------------------------------------------
// Small checks
// ---------------------------------------------------------------------------

interface StringRule {
  max: number;
  required?: boolean;
}

function checkString(p: Problems, value: unknown, path: string, rule: StringRule): void {
  if (value === undefined) {
    if (rule.required) p.add(path, 'missing required field');
    return;
  }
  if (typeof value !== 'string') {
    p.add(path, `must be a string (got ${typeof value})`);
    return;
  }
  if (value.length > rule.max) p.add(path, `must be at most ${rule.max} characters (got ${value.length})`);
}

/**
 * A URL field is not mrkdwn: Slack sends the person to it verbatim, so an HTML
 * entity left in it (`?a=1&amp;b=2`, from command text decoded zero times) is a
 * broken link.
 */
function checkUrl(p: Problems, value: unknown, path: string): void {
  checkString(p, value, path, { max: LIMITS.url });
  if (typeof value === 'string' && /&(amp|lt|gt);/.test(value)) {
    p.add(path, 'url holds an HTML entity (&amp;, &lt; or &gt;): decode the text it came from once');
  }
}

interface TextRule {
  max: number;
  required?: boolean;
  /** Headers, buttons, select options, labels, placeholders and view titles only take plain_text. */
  plainOnly?: boolean;
}

/** A composition text object: `{ type: 'plain_text' | 'mrkdwn', text }`. */
function checkText(p: Problems, value: unknown, path: string, rule: TextRule): void {
  if (value === undefined) {
    if (rule.required) p.add(path, 'missing required field');
    return;
  }
  if (!isRecord(value)) {
    // A bare string where a text object is expected is a classic builder mistake.
    p.add(path, 'must be a text object { type, text }');
    return;
  }
  const type = value['type'];
  if (type !== 'plain_text' && type !== 'mrkdwn') {
    p.add(`${path}/type`, `text object type must be plain_text or mrkdwn (got ${JSON.stringify(type)})`);
  } else if (rule.plainOnly && type !== 'plain_text') {
    p.add(`${path}/type`, `must be plain_text (got ${type})`);
  }
  const text = value['text'];
  if (typeof text !== 'string') {
    p.add(`${path}/text`, 'missing required field');
  } else if (text.length === 0) {
    p.add(`${path}/text`, 'must be more than 0 characters');
  } else if (text.length > rule.max) {
    p.add(`${path}/text`, `must be at most ${rule.max} characters (got ${text.length})`);
  } else if (type === 'mrkdwn' && /&amp;(amp|lt|gt);/.test(text)) {
    // Escaped twice: the person reads "&amp;" (and a link with it is broken).
    p.add(`${path}/text`, 'text is escaped twice (&amp;amp;): escape user text exactly once');
  }
}

function checkArray(
  p: Problems,
  value: unknown,
  path: string,
  rule: { min?: number; max: number; required?: boolean },
): unknown[] {
  if (value === undefined) {
    if (rule.required) p.add(path, 'missing required field');
    return [];
  }
  if (!Array.isArray(value)) {
    p.add(path, 'must be an array');
    return [];
  }
  if (rule.min !== undefined && value.length < rule.min) {
    p.add(path, `must have at least ${rule.min} items (got ${value.length})`);
  }
  if (value.length > rule.max) p.add(path, `must have at most ${rule.max} items (got ${value.length})`);
  return value;
}

function checkOption(p: Problems, option: unknown, path: string, plainOnly: boolean): void {
  if (!isRecord(option)) {
    p.add(path, 'must be an option object { text, value }');
    return;
  }
  checkText(p, option['text'], `${path}/text`, { max: LIMITS.optionText, required: true, plainOnly });
  checkString(p, option['value'], `${path}/value`, { max: LIMITS.optionValue, required: true });
  checkText(p, option['description'], `${path}/description`, { max: LIMITS.optionDescription, plainOnly });
  checkUrl(p, option['url'], `${path}/url`);
}

function sameOption(a: unknown, b: unknown): boolean {
  if (!isRecord(a) || !isRecord(b)) return false;
  const text = (o: Json): unknown => (isRecord(o['text']) ? o['text']['text'] : undefined);
  return a['value'] === b['value'] && text(a) === text(b);
}

/** `initial_option(s)` must be among the element's options (Slack compares value and text). */
function checkInitialOptions(p: Problems, el: Json, path: string): void {
  const groups = Array.isArray(el['option_groups']) ? el['option_groups'] : [];
  const options = [
    ...(Array.isArray(el['options']) ? el['options'] : []),
    ...groups.flatMap((g) => (isRecord(g) && Array.isArray(g['options']) ? g['options'] : [])),
  ];
  const initial = el['initial_option'];
  if (initial !== undefined && !options.some((o) => sameOption(o, initial))) {
    p.add(`${path}/initial_option`, 'initial_option must be one of the options');
  }
  const initials = el['initial_options'];
  if (Array.isArray(initials)) {
    initials.forEach((option, i) => {
      if (!options.some((o) => sameOption(o, option))) {
        p.add(`${path}/initial_options/${i}`, 'initial_options must be among the options');
      }
    });
  }
}

function checkOptions(
  p: Problems,
  value: unknown,
  path: string,
  rule: { min?: number; max: number; required?: boolean; plainOnly: boolean },
): void {
  checkArray(p, value, path, rule).forEach((option, i) => checkOption(p, option, `${path}/${i}`, rule.plainOnly));
}

function checkConfirm(p: Problems, value: unknown, path: string): void {
  if (value === undefined) return;
  if (!isRecord(value)) {
    p.add(path, 'must be a confirmation dialog object');
    return;
  }
  checkText(p, value['title'], `${path}/title`, { max: LIMITS.confirmTitle, required: true, plainOnly: true });
  checkText(p, value['text'], `${path}/text`, { max: LIMITS.confirmText, required: true });
  checkText(p, value['confirm'], `${path}/confirm`, { max: LIMITS.confirmButton, required: true, plainOnly: true });
  checkText(p, value['deny'], `${path}/deny`, { max: LIMITS.confirmButton, required: true, plainOnly: true });
}

function checkImageElement(p: Problems, el: Json, path: string): void {
  if (el['image_url'] === undefined && el['slack_file'] === undefined) {
    p.add(path, 'image needs image_url or slack_file');
  }
  checkString(p, el['image_url'], `${path}/image_url`, { max: LIMITS.url });
  checkString(p, el['alt_text'], `${path}/alt_text`, { max: LIMITS.imageAltText, required: true });
}

// ---------------------------------------------------------------------------
// Elements
// ---------------------------------------------------------------------------

/**
 * Checks one interactive (or image) element. `allowed` is the set of element types
 * the containing block accepts; `actionIds` collects action_ids within that block,
 * which Slack wants unique per block.
 */
function checkElement(p: Problems, el: unknown, path: string, allowed: Set<string>, actionIds: Set<string>): void {
  if (!isRecord(el)) {
    p.add(path, 'must be an element object');
    return;
  }
  const type = el['type'];
  if (typeof type !== 'string') {
    p.add(`${path}/type`, 'missing required field');
    return;
  }
  if (!allowed.has(type)) {
    p.add(`${path}/type`, `element type ${type} is not allowed here`);
    return;
  }

  const actionId = el['action_id'];
  checkString(p, actionId, `${path}/action_id`, { max: LIMITS.actionId });
  if (typeof actionId === 'string') {
    if (actionIds.has(actionId)) p.add(`${path}/action_id`, `duplicate action_id ${actionId} within one block`);
    actionIds.add(actionId);
  }
  checkConfirm(p, el['confirm'], `${path}/confirm`);
  checkText(p, el['placeholder'], `${path}/placeholder`, { max: LIMITS.placeholder, plainOnly: true });

  switch (type) {
    case 'button':
      checkText(p, el['text'], `${path}/text`, { max: LIMITS.buttonText, required: true, plainOnly: true });
      checkString(p, el['value'], `${path}/value`, { max: LIMITS.buttonValue });
      checkUrl(p, el['url'], `${path}/url`);
      if (el['style'] !== undefined && el['style'] !== 'primary' && el['style'] !== 'danger') {
        p.add(`${path}/style`, `must be primary or danger (got ${JSON.stringify(el['style'])})`);
      }
      break;
    case 'static_select':
    case 'multi_static_select': {
      checkInitialOptions(p, el, path);
      const hasOptions = el['options'] !== undefined;
      const hasGroups = el['option_groups'] !== undefined;
      if (hasOptions === hasGroups) {
        p.add(path, 'static select needs exactly one of options or option_groups');
      }
      checkOptions(p, el['options'], `${path}/options`, { min: 1, max: LIMITS.selectOptions, plainOnly: true });
      checkArray(p, el['option_groups'], `${path}/option_groups`, { min: 1, max: LIMITS.optionGroups }).forEach(
        (group, i) => {
          const groupPath = `${path}/option_groups/${i}`;
          if (!isRecord(group)) {
            p.add(groupPath, 'must be an option group object { label, options }');
            return;
          }
          checkText(p, group['label'], `${groupPath}/label`, {
            max: LIMITS.optionGroupLabel,
            required: true,
            plainOnly: true,
          });
          checkOptions(p, group['options'], `${groupPath}/options`, {
            min: 1,
            max: LIMITS.selectOptions,
            required: true,
            plainOnly: true,
          });
        },
      );
      break;
    }
    case 'overflow':
      // Slack's reference: "Maximum number of options is 5, minimum is 2".
      checkOptions(p, el['options'], `${path}/options`, {
        min: 2,
        max: LIMITS.overflowOptions,
        required: true,
        plainOnly: true,
      });
      break;
    case 'checkboxes':
      checkInitialOptions(p, el, path);
      // Checkbox and radio labels may be mrkdwn, unlike select options.
      checkOptions(p, el['options'], `${path}/options`, {
        min: 1,
        max: LIMITS.checkboxOptions,
        required: true,
        plainOnly: false,
      });
      break;
    case 'radio_buttons':
      checkInitialOptions(p, el, path);
      checkOptions(p, el['options'], `${path}/options`, {
        min: 1,
        max: LIMITS.radioOptions,
        required: true,
        plainOnly: false,
      });
      break;
    case 'plain_text_input':
      for (const key of ['min_length', 'max_length'] as const) {
        const n = el[key];
        if (n !== undefined && (typeof n !== 'number' || n < 0 || n > LIMITS.plainTextInputLength)) {
          p.add(`${path}/${key}`, `must be a number between 0 and ${LIMITS.plainTextInputLength}`);
        }
      }
      break;
    case 'datepicker':
      if (el['initial_date'] !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(el['initial_date']))) {
        p.add(`${path}/initial_date`, 'must be YYYY-MM-DD');
      }
      break;
    case 'timepicker':
      if (el['initial_time'] !== undefined && !/^\d{2}:\d{2}$/.test(String(el['initial_time']))) {
        p.add(`${path}/initial_time`, 'must be HH:mm');
      }
      break;
    case 'image':
      checkImageElement(p, el, path);
      break;
    default:
      // Other selects, number/email/url inputs, file inputs: the common checks above suffice.
      break;
  }
}

// ---------------------------------------------------------------------------
// Blocks
// ---------------------------------------------------------------------------

function checkBlock(p: Problems, block: unknown, path: string, surface: Surface, blockIds: Set<string>): void {
  if (!isRecord(block)) {
    p.add(path, 'must be a block object');
    return;
  }
  const type = block['type'];
  if (typeof type !== 'string') {
    p.add(`${path}/type`, 'missing required field');
    return;
  }
  if (!KNOWN_BLOCKS.has(type)) {
    p.add(`${path}/type`, `unsupported block type: ${type}`);
    return;
  }

  const blockId = block['block_id'];
  checkString(p, blockId, `${path}/block_id`, { max: LIMITS.blockId });
  if (typeof blockId === 'string') {
    if (blockIds.has(blockId)) p.add(`${path}/block_id`, `duplicate block_id ${blockId}`);
    blockIds.add(blockId);
  }

  const actionIds = new Set<string>();
  switch (type) {
    case 'section': {
      if (block['text'] === undefined && block['fields'] === undefined) {
        p.add(path, 'section needs text or fields');
      }
      checkText(p, block['text'], `${path}/text`, { max: LIMITS.sectionText });
      checkArray(p, block['fields'], `${path}/fields`, { min: 1, max: LIMITS.sectionFields }).forEach((field, i) =>
        checkText(p, field, `${path}/fields/${i}`, { max: LIMITS.sectionFieldText, required: true }),
      );
      if (block['accessory'] !== undefined) {
        checkElement(p, block['accessory'], `${path}/accessory`, SECTION_ACCESSORIES, actionIds);
      }
      break;
    }
    case 'header':
      checkText(p, block['text'], `${path}/text`, { max: LIMITS.headerText, required: true, plainOnly: true });
      break;
    case 'actions':
      checkArray(p, block['elements'], `${path}/elements`, {
        min: 1,
        max: LIMITS.actionsElements,
        required: true,
      }).forEach((el, i) => checkElement(p, el, `${path}/elements/${i}`, ACTIONS_ELEMENTS, actionIds));
      break;
    case 'context':
      checkArray(p, block['elements'], `${path}/elements`, {
        min: 1,
        max: LIMITS.contextElements,
        required: true,
      }).forEach((el, i) => {
        const elPath = `${path}/elements/${i}`;
        if (isRecord(el) && el['type'] === 'image') checkImageElement(p, el, elPath);
        // Context text has no documented length limit of its own; check the type and non-emptiness.
        else checkText(p, el, elPath, { max: Number.POSITIVE_INFINITY, required: true });
      });
      break;
    case 'input':
      // Slack has started accepting input blocks in messages, but without a submit
      // button they only work with dispatch_action; Cadence keeps inputs in views,
      // so the fake refuses them in messages to catch a builder used on the wrong surface.
      if (surface === 'message') p.add(path, 'input blocks are only allowed in modals and Home tabs');
      checkText(p, block['label'], `${path}/label`, { max: LIMITS.inputLabel, required: true, plainOnly: true });
      checkText(p, block['hint'], `${path}/hint`, { max: LIMITS.inputHint, plainOnly: true });
      if (block['element'] === undefined) p.add(`${path}/element`, 'missing required field');
      else checkElement(p, block['element'], `${path}/element`, INPUT_ELEMENTS, actionIds);
      break;
    case 'image':
      checkImageElement(p, block, path);
      checkText(p, block['title'], `${path}/title`, { max: LIMITS.imageTitle, plainOnly: true });
      break;
    case 'markdown':
      checkString(p, block['text'], `${path}/text`, { max: LIMITS.markdownBlockText, required: true });
      break;
    default:
      // divider, rich_text, video, file, table, context_actions: no limit we care about yet.
      break;
  }
}

function checkBlockList(p: Problems, blocks: unknown, path: string, surface: Surface): unknown[] {
  if (!Array.isArray(blocks)) {
    p.add(path, 'blocks must be an array');
    return [];
  }
  const max = surface === 'message' ? LIMITS.blocksPerMessage : LIMITS.blocksPerView;
  if (blocks.length > max) {
    p.add(path, `no more than ${max} blocks are allowed in a ${surface} (got ${blocks.length})`);
  }
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => checkBlock(p, block, `${path}/${i}`, surface, blockIds));
  return blocks;
}

/**
 * Problems with a list of blocks on a surface, as human-readable strings with a
 * JSON pointer; empty when Slack would accept them.
 */
export function validateBlocks(blocks: unknown, surface: Surface): string[] {
  const p = new Problems();
  checkBlockList(p, blocks, '/blocks', surface);
  return p.list;
}

/** Problems with a view (`type: 'modal' | 'home'`), as passed to views.open/push/update/publish. */
export function validateView(view: unknown): string[] {
  const p = new Problems();
  const path = '/view';
  if (!isRecord(view)) {
    p.add(path, 'view must be an object');
    return p.list;
  }
  const type = view['type'];
  if (type !== 'modal' && type !== 'home') {
    p.add(`${path}/type`, `unsupported view type: ${JSON.stringify(type)} (expected modal or home)`);
    return p.list;
  }

  const blocks = checkBlockList(p, view['blocks'], `${path}/blocks`, type);
  if (type === 'modal') {
    checkText(p, view['title'], `${path}/title`, { max: LIMITS.viewTitle, required: true, plainOnly: true });
    checkText(p, view['close'], `${path}/close`, { max: LIMITS.viewClose, plainOnly: true });
    checkText(p, view['submit'], `${path}/submit`, { max: LIMITS.viewSubmit, plainOnly: true });
    // Slack refuses a modal with inputs and no way to submit them.
    const hasInput = blocks.some((block) => isRecord(block) && block['type'] === 'input');
    if (hasInput && view['submit'] === undefined) {
      p.add(`${path}/submit`, 'submit is required when the view contains input blocks');
    }
  }
  checkString(p, view['private_metadata'], `${path}/private_metadata`, { max: LIMITS.privateMetadata });
  checkString(p, view['callback_id'], `${path}/callback_id`, { max: LIMITS.callbackId });
  checkString(p, view['external_id'], `${path}/external_id`, { max: LIMITS.externalId });

  const bytes = Buffer.byteLength(JSON.stringify(view), 'utf8');
  if (bytes > LIMITS.viewBytes) {
    p.add(path, `view must be at most ${LIMITS.viewBytes} bytes as JSON (got ${bytes})`);
  }
  return p.list;
}
