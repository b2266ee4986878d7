/** `cadence bugs import <file> --from jira-csv|github-json|csv [--apply]` (import.ts). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError, parseArgs } from '../../cli/args.js';
import { createLanguageResolver, type CliCommand } from '../../context.js';
import { formatSummary, importBugs, isImportFormat, IMPORT_FORMATS } from './import.js';

export const bugsCli: CliCommand = {
  usage: 'bugs import <file> --from <format> [--apply]',
  summary: `register the open qualified bugs of a tracker export (${IMPORT_FORMATS.join(', ')}); a dry run unless --apply`,
  run(argv, env) {
    const apply = argv.includes('--apply');
    const parsed = parseArgs(
      argv.filter((a) => a !== '--apply'),
      ['from'],
    );
    const [sub, file, extra] = parsed.positional;
    if (sub !== 'import') throw new UsageError(sub ? `unknown bugs subcommand "${sub}"` : 'bugs needs "import <file> --from <format>"');
    if (!file) throw new UsageError('bugs import needs the file to read');
    if (extra) throw new UsageError(`unexpected argument "${extra}"`);
    const format = parsed.options.get('from');
    if (!isImportFormat(format)) throw new UsageError(`--from must be one of ${IMPORT_FORMATS.join(', ')}${format ? ` (got "${format}")` : ''}`);
    let text: string;
    try {
      text = readFileSync(resolve(file), 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read ${file}: ${err instanceof Error && 'code' in err ? String(err.code) : String(err)}`);
    }
    const db = env.db();
    const summary = importBugs({ db, org: env.org, languageOf: createLanguageResolver(db, env.org.organisation.language) }, text, format, apply, env.now);
    env.stdout(formatSummary(summary, format));
    return summary.errors.length > 0 ? 1 : 0;
  },
};
