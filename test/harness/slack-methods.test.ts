import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderMethodTable } from '../../scripts/slack-methods-table.mjs';
import { packageRoot } from '../../src/paths.js';

// The stand-in checks every call against a table generated from Slack's OpenAPI
// spec. The stand-in is production code and must not read ../shared at run time,
// so the table is committed; this test keeps it equal to the spec.

const specPath = join(packageRoot(), '..', 'shared', 'slack', 'slack_web_openapi_v2.json');
const tablePath = join(packageRoot(), 'src', 'sandbox', 'slack', 'slack-methods.generated.ts');

describe('the committed Slack method table', () => {
  it.runIf(existsSync(specPath))('matches ../shared/slack/slack_web_openapi_v2.json (regenerate: node scripts/gen-slack-methods.mjs)', () => {
    const spec: unknown = JSON.parse(readFileSync(specPath, 'utf8'));
    expect(readFileSync(tablePath, 'utf8')).toBe(renderMethodTable(spec));
  });

  it('lists the methods Cadence calls, with their required arguments', () => {
    const table = readFileSync(tablePath, 'utf8');
    expect(table).toContain("'chat.postEphemeral': [['channel', 'user'],");
    expect(table).toContain("'chat.getPermalink': [['channel', 'message_ts'],");
    expect(table).toContain("'views.open': [['trigger_id', 'view'],");
  });
});
