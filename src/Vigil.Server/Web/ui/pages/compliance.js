// Compliance: #/compliance (overview), ?view=failing, ?view=exceptions, ?host=ID (one host's results).
import { renderComplianceOverview } from './compliance-overview.js';
import { renderComplianceFailing } from './compliance-failing.js';
import { renderComplianceExceptions } from './compliance-exceptions.js';
import { renderComplianceHost } from './compliance-host.js';

export function renderCompliance(ctx) {
  const host = ctx.query.get('host');
  if (host) return renderComplianceHost(ctx, host);
  const view = ctx.query.get('view');
  if (view === 'failing') return renderComplianceFailing(ctx);
  if (view === 'exceptions') return renderComplianceExceptions(ctx);
  return renderComplianceOverview(ctx);
}
