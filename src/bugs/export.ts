import type { ExportDefinition } from '../context.js';
import { resolvedWithinSla } from './sla.js';
import { bugStore } from './store.js';

const EXPORT_COLUMNS = [
  'key',
  'title',
  'severity',
  'team',
  'owner',
  'owner_email',
  'url',
  'source',
  'reported_by',
  'qualified_at',
  'clock',
  'clock_started_at',
  'deadline',
  'status',
  'resolved_at',
  'resolved_by',
  'within_sla',
  'created_at',
  'updated_at',
] as const;

export const bugsExport: ExportDefinition = {
  kind: 'bugs',
  columns: EXPORT_COLUMNS,
  *rows(ctx) {
    for (const b of bugStore(ctx.db).all()) {
      yield {
        key: b.key,
        title: b.title,
        severity: b.severity,
        team: b.team,
        owner: b.owner,
        owner_email: b.ownerEmail,
        url: b.url,
        source: b.source,
        reported_by: b.reportedBy,
        qualified_at: b.qualifiedAt,
        clock: b.clockId,
        clock_started_at: b.clockStartedAt,
        deadline: b.deadline,
        status: b.droppedAt ? 'dropped' : b.resolvedAt ? 'resolved' : 'open',
        resolved_at: b.resolvedAt,
        resolved_by: b.resolvedBy,
        within_sla: b.resolvedAt ? resolvedWithinSla(b.deadline, b.resolvedAt) : null,
        created_at: b.createdAt,
        updated_at: b.updatedAt,
      };
    }
  },
};
