import type { ExportDefinition } from '../context.js';
import { distributions } from './model.js';
import { allClosed, answersOf } from './store.js';

/** `cadence export health`: one row per closed survey and dimension; counts only where results were shown. */
export const healthExport: ExportDefinition = {
  kind: 'health',
  columns: ['closed_at', 'ritual', 'occurrence', 'unit_kind', 'unit', 'invited', 'answers', 'shown', 'dimension', 'green', 'amber', 'red', 'better', 'same', 'worse'],
  *rows(ctx) {
    for (const s of allClosed(ctx.db)) {
      const dists = s.shown ? distributions(s.dimensions, answersOf(ctx.db, s.id)) : [];
      for (const dimension of s.dimensions) {
        const d = dists.find((x) => x.dimension === dimension);
        yield {
          closed_at: s.closedAt,
          ritual: s.ritualKey,
          occurrence: s.occurrenceKey,
          unit_kind: s.unitKind,
          unit: s.unitKey,
          invited: s.invited,
          answers: s.answers,
          shown: s.shown,
          dimension,
          green: d?.green ?? null,
          amber: d?.amber ?? null,
          red: d?.red ?? null,
          better: d?.better ?? null,
          same: d?.same ?? null,
          worse: d?.worse ?? null,
        };
      }
    }
  },
};
