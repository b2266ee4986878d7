import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';

// The house rules (.dependency-cruiser.cjs, scripts/check-architecture.mjs) run in
// `npm test` on the real tree. Here they run on copies of it with one deliberate
// violation each, to prove every rule can fail and names the offending import.
const run = promisify(execFile);
const root = resolve(__dirname, '../..');
const tmp = tempDir('cadence-house-');
afterAll(() => tmp.cleanup());

let copies = 0;
function copyOfTheHouse(extra: Record<string, string>): string {
  const dir = join(tmp.dir, `copy-${++copies}`);
  mkdirSync(dir);
  for (const entry of ['src', 'scripts', 'tsconfig.json', '.dependency-cruiser.cjs', 'package.json']) {
    cpSync(join(root, entry), join(dir, entry), { recursive: true, filter: (from) => !from.includes(`${join('src', 'sandbox', 'page')}`) });
  }
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  for (const [path, text] of Object.entries(extra)) writeFileSync(join(dir, path), text);
  return dir;
}

async function check(dir: string): Promise<{ code: number; problems: string[] }> {
  try {
    const { stdout } = await run(process.execPath, ['scripts/check-architecture.mjs', '--json'], { cwd: dir });
    return { code: 0, problems: (JSON.parse(stdout) as { problems: string[] }).problems };
  } catch (err) {
    const e = err as { code?: number; stdout?: string };
    return { code: e.code ?? -1, problems: (JSON.parse(e.stdout ?? '{"problems":[]}') as { problems: string[] }).problems };
  }
}

describe('the house rules', () => {
  it('hold on the real tree', async () => {
    const { code, problems } = await check(root);
    expect(problems).toEqual([]);
    expect(code).toBe(0);
  }, 60_000);

  it('fail on a domain feature importing a view, a private file of another feature, and core importing a feature', async () => {
    const dir = copyOfTheHouse({
      // domain → views (upward) through the door
      'src/insights/bad-upward.ts': "import { digestsJob } from '../digests/index.js';\nexport const x = digestsJob;\n",
      // meeting → domain, past the door into a private file
      'src/agenda/bad-private.ts': "import { opportunityCard } from '../opportunities/blocks.js';\nexport const y = opportunityCard;\n",
      // core → a feature
      'src/core/bad-core.ts': "import { insightModal } from '../insights/index.js';\nexport const z = insightModal;\n",
    });
    const { code, problems } = await check(dir);
    expect(code).toBe(1);
    expect(problems).toContainEqual(expect.stringMatching(/^domain-points-up: src\/insights\/bad-upward\.ts → src\/digests\/index\.ts$/));
    expect(problems).toContainEqual(expect.stringMatching(/^private-file-of-another-feature: src\/agenda\/bad-private\.ts → src\/opportunities\/blocks\.ts$/));
    expect(problems).toContainEqual(expect.stringMatching(/^core-points-up: src\/core\/bad-core\.ts → src\/insights\/index\.ts$/));
  }, 60_000);

  it('fail on a cycle between two folders of the same layer', async () => {
    // digests → home and home → digests: sideways is allowed, a cycle is not.
    const dir = copyOfTheHouse({
      'src/digests/bad-cycle.ts': "import { homeDoor } from '../home/index.js';\nexport const a = homeDoor;\n",
      'src/home/index.ts': "import { digestsJob } from '../digests/index.js';\nexport const homeDoor = digestsJob;\n",
    });
    const { code, problems } = await check(dir);
    expect(code).toBe(1);
    expect(problems).toContainEqual('folder-cycle: digests → home → digests (src/digests/bad-cycle.ts → src/home/index.ts; src/home/index.ts → src/digests/index.ts)');
  }, 60_000);

  it('fail on a declaration (config.ts, messages.ts) importing beyond core', async () => {
    const dir = copyOfTheHouse({ 'src/pairing/config.ts': "import { insightModal } from '../insights/index.js';\nexport const pairingSchema = insightModal;\n" });
    const { code, problems } = await check(dir);
    expect(code).toBe(1);
    expect(problems).toContainEqual('declaration-imports-beyond-core: src/pairing/config.ts → src/insights/index.ts');
  }, 60_000);
});
