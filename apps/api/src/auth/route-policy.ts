import type { Action } from '@tiaojie/domain';

/**
 * Every route the API serves and the action it performs (the role × action × scope table is
 * ACCESS_POLICY in libs/domain). PolicyGuard enforces the action for the caller's roles; case
 * handlers then apply the action's scopes to the case (404 out of scope, 403 not permitted). A route
 * missing here is refused at run time, and the authorization tests fail on it.
 */
export const ROUTE_POLICY: Record<string, Action | 'PUBLIC'> = {
  'POST /api/auth/login': 'PUBLIC',
  'POST /api/auth/refresh': 'PUBLIC',
  'POST /api/auth/logout': 'PUBLIC',
  'GET /api/health': 'PUBLIC',
  'GET /metrics': 'PUBLIC',
  'GET /api/me': 'self.read',
  'POST /api/me/password': 'self.read',
  'GET /api/me/conflicts': 'self.read',
  'POST /api/me/conflicts': 'self.read',
  'POST /api/admin/users/:id/conflicts': 'admin.users',
  'GET /api/orgs': 'org.read',
  'GET /api/workflow': 'workflow.read',
  'GET /api/workflow/diagram.svg': 'workflow.read',
  'POST /api/cases': 'case.open',
  'GET /api/cases': 'case.read',
  'GET /api/cases/:id': 'case.read',
  'POST /api/cases/:id/events': 'case.event',
  'GET /api/cases/:id/history': 'case.read',
  'GET /api/cases/:id/documents/:kind': 'case.read',
  'GET /api/cases/:id/parties/:partyId': 'case.read',
  'GET /api/cases/:id/messages': 'case.read',
  'GET /api/referrals': 'referral.inbox',
  'GET /api/notifications': 'notification.read',
  'GET /api/notifications/unread-count': 'notification.read',
  'POST /api/notifications/:id/read': 'notification.read',
  'GET /api/notifications/failed': 'notification.failed',
  'GET /api/notifications/sms': 'notification.failed',
  'GET /api/admin/clock': 'admin.clock',
  'POST /api/admin/clock': 'admin.clock',
  'GET /api/admin/audit/verify': 'admin.audit',
  'GET /api/admin/users': 'admin.users',
  'POST /api/admin/users': 'admin.users',
  'PATCH /api/admin/users/:id': 'admin.users',
  'POST /api/admin/users/:id/password': 'admin.users',
  'GET /api/admin/orgs': 'admin.users',
  'POST /api/admin/orgs': 'admin.users',
  'GET /api/reports/summary': 'report.read',
  'GET /api/reports/summary.csv': 'report.read',
  'GET /api/reports/summary.xlsx': 'report.read',
  'POST /api/outreach': 'outreach.record',
  'GET /api/outreach': 'outreach.read',
};
