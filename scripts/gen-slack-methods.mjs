#!/usr/bin/env node
// Regenerates src/sandbox/slack/slack-methods.generated.ts from Slack's Web API
// OpenAPI spec (../shared/slack/slack_web_openapi_v2.json by default):
//   node scripts/gen-slack-methods.mjs [path/to/slack_web_openapi_v2.json]
// test/harness/slack-methods.test.ts checks the committed table still matches the spec.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderMethodTable } from './slack-methods-table.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const specPath = process.argv[2] ?? join(root, '..', 'shared', 'slack', 'slack_web_openapi_v2.json');
const out = join(root, 'src', 'sandbox', 'slack', 'slack-methods.generated.ts');
writeFileSync(out, renderMethodTable(JSON.parse(readFileSync(specPath, 'utf8'))));
console.log(`wrote ${out}`);
