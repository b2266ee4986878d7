/**
 * The house rules (docs/architecture.md, docs/decisions/0027-the-house.md).
 * Checked by `npm run check:deps` (part of `npm test`) through
 * scripts/check-architecture.mjs, which adds the folder-cycle rule.
 *
 * Layers, bottom to top; a layer may import only layers below it, and a
 * feature may import another feature only through its door (index.ts):
 *   core        src/core, config, db, i18n, slack, delivery, scheduler, http,
 *               export, cli/args.ts and the root helpers (context, clock, ...)
 *   domain      insights, opportunities, bugs, notifications, roadmap
 *   meeting     rituals, agenda, calendar-feeds, health, pairing
 *   views       digests, home
 *   composition app.ts, features.ts, main.ts, cli.ts, cli/run.ts, sandbox/
 * Declarations: a feature's config.ts and messages.ts (at any depth) belong
 * to core although they sit in the feature's folder: core's config schema
 * (src/config/org.ts) and catalogue (src/i18n/index.ts) read them, so they
 * import only core and other declarations.
 */
const CORE = '^src/(core|config|db|i18n|slack|delivery|scheduler|http|export)/|^src/cli/args\\.ts$|^src/(context|clock|logger|paths|lifecycle)\\.ts$';
const DOMAIN = '^src/(insights|opportunities|bugs|notifications|roadmap)/';
const MEETING = '^src/(rituals|agenda|calendar-feeds|health|pairing)/';
const VIEWS = '^src/(digests|home)/';
const FEATURES = '^src/(insights|opportunities|bugs|notifications|roadmap|rituals|agenda|calendar-feeds|health|pairing|digests|home)/';
const COMPOSITION = '^src/(app|features|main|cli)\\.ts$|^src/cli/(run|backup)\\.ts$|^src/sandbox/';
const DECLARATION = '^src/[^/]+/(config|messages)\\.ts$|^src/[^/]+/[^/]+/(config|messages)\\.ts$';

const above = (...layers) => ({ path: layers.join('|'), pathNot: DECLARATION });

module.exports = {
  layers: { CORE, DOMAIN, MEETING, VIEWS, FEATURES, COMPOSITION, DECLARATION },
  forbidden: [
    {
      name: 'core-points-up',
      comment: 'Core knows no feature. To let a feature add to core, core offers a hook (src/core/events.ts, src/core/contributions.ts) and the feature registers.',
      severity: 'error',
      from: { path: CORE },
      to: above(DOMAIN, MEETING, VIEWS, COMPOSITION),
    },
    {
      name: 'declaration-imports-beyond-core',
      comment: 'A config.ts or messages.ts is read by core: it may import only core and other declarations.',
      severity: 'error',
      from: { path: DECLARATION, pathNot: CORE },
      to: { path: '^src/', pathNot: [CORE, DECLARATION] },
    },
    {
      name: 'domain-points-up',
      comment: 'insights, opportunities and bugs know nothing of meetings or views: a meeting feature registers with them instead.',
      severity: 'error',
      from: { path: DOMAIN, pathNot: DECLARATION },
      to: above(MEETING, VIEWS, COMPOSITION),
    },
    {
      name: 'meeting-points-up',
      severity: 'error',
      from: { path: MEETING, pathNot: DECLARATION },
      to: above(VIEWS, COMPOSITION),
    },
    {
      name: 'views-point-up',
      severity: 'error',
      from: { path: VIEWS, pathNot: DECLARATION },
      to: { path: COMPOSITION },
    },
    {
      name: 'private-file-of-another-feature',
      comment: 'Another feature is entered through its door, src/<feature>/index.ts. Add what you need to that door rather than reaching past it.',
      severity: 'error',
      from: { path: '^src/([^/]+)/', pathNot: [DECLARATION, '^src/(config|i18n)/'] },
      to: {
        path: FEATURES,
        pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$', '^src/[^/]+/feature\\.ts$'],
      },
    },
    {
      name: 'private-file-from-the-root',
      severity: 'error',
      from: { path: '^src/[^/]+\\.ts$' },
      to: { path: FEATURES, pathNot: ['^src/[^/]+/index\\.ts$', '^src/[^/]+/feature\\.ts$'] },
    },
    {
      name: 'feature-module-from-another-feature',
      severity: 'error',
      from: { path: '^src/([^/]+)/', pathNot: COMPOSITION },
      to: { path: '^src/[^/]+/feature\\.ts$', pathNot: '^src/$1/' },
    },
    {
      name: 'declaration-from-outside-core',
      comment: "Another feature's config.ts or messages.ts is read through its door or core's aggregate (ctx.org, ctx.tr).",
      severity: 'error',
      from: { path: '^src/([^/]+)/', pathNot: ['^src/(config|i18n)/', DECLARATION, COMPOSITION] },
      to: { path: DECLARATION, pathNot: '^src/$1/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/sandbox/page/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
