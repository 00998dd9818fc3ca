import { Button, Card, Col, List, Row, Space, Statistic, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import type { CaseListItem, Page, ReferralView } from '../api/types';
import { useAuth } from '../auth/AuthProvider';
import { DueDate, StateTag } from '../components/Tags';
import { useI18n } from '../i18n/I18nProvider';
import { useUnread } from '../layout/AppLayout';
import { useLoad, useNow } from '../lib/hooks';
import { may, mayViewReports } from '../lib/roles';

interface HomeFigures {
  open?: number;
  overdue?: number;
  intake?: number;
  pendingReferrals?: number;
  urgent: CaseListItem[];
}

const total = (p: Promise<Page<unknown>>) => p.then((r) => r.total).catch(() => undefined);

/** The first screen after login: what this role has waiting, and where to go next. */
export function HomePage() {
  const { user } = useAuth();
  const { t, label } = useI18n();
  const { count: unread } = useUnread();
  const navigate = useNavigate();
  const now = useNow();
  const readsCases = may(user, 'case.read');
  const hasInbox = may(user, 'referral.inbox');

  const { data } = useLoad<HomeFigures>(async () => {
    const [open, overdue, intake, pendingReferrals, urgent] = await Promise.all([
      readsCases ? total(api.get<Page<CaseListItem>>('/api/cases?pageSize=1')) : undefined,
      readsCases ? total(api.get<Page<CaseListItem>>('/api/cases?overdue=true&pageSize=1')) : undefined,
      readsCases ? total(api.get<Page<CaseListItem>>('/api/cases?state=intake&pageSize=1')) : undefined,
      hasInbox ? total(api.get<Page<ReferralView>>('/api/referrals?status=PENDING&pageSize=1')) : undefined,
      readsCases ? api.get<Page<CaseListItem>>('/api/cases?overdue=true&pageSize=5').then((r) => r.items).catch(() => []) : [],
    ]);
    return { open, overdue, intake, pendingReferrals, urgent };
  }, [readsCases, hasInbox]);

  const roles = user?.roles.map((r) => label('role', r)).join('、') ?? '';
  const stats: Array<{ key: string; title: string; value?: number; to: string; danger?: boolean }> = [];
  if (readsCases) {
    stats.push({ key: 'open', title: t('home.myCases'), value: data?.open, to: '/cases' });
    stats.push({ key: 'overdue', title: t('home.overdue'), value: data?.overdue, to: '/cases?overdue=true', danger: (data?.overdue ?? 0) > 0 });
    stats.push({ key: 'intake', title: t('home.awaitingAcceptance'), value: data?.intake, to: '/cases?state=intake' });
  }
  if (hasInbox) stats.push({ key: 'referrals', title: t('home.pendingReferrals'), value: data?.pendingReferrals, to: '/inbox' });
  stats.push({ key: 'unread', title: t('home.unread'), value: unread, to: '/notifications' });

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="greeting">
          {t('home.greeting', { name: user?.displayName ?? '' })}
        </Typography.Title>
        <Typography.Text type="secondary">{t('home.org', { org: user?.orgName ?? '', roles })}</Typography.Text>
      </Card>
      <Row gutter={[16, 16]}>
        {stats.map((s) => (
          <Col key={s.key} flex="1 1 180px">
            <Card hoverable onClick={() => navigate(s.to)} className="stat-card" data-testid={`home-stat-${s.key}`}>
              <Statistic title={s.title} value={s.value ?? '—'} valueStyle={s.danger ? { color: '#cf1322' } : undefined} />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <Card title={t('home.shortcuts')}>
            <Space direction="vertical" style={{ width: '100%' }}>
              {readsCases && (
                <Button block onClick={() => navigate('/cases')}>
                  {t('home.goWorklist')}
                </Button>
              )}
              {may(user, 'case.open') && (
                <Button block type="primary" onClick={() => navigate('/cases/new')}>
                  {t('home.goIntake')}
                </Button>
              )}
              {hasInbox && (
                <Button block onClick={() => navigate('/inbox')}>
                  {t('home.goInbox')}
                </Button>
              )}
              {mayViewReports(user) && (
                <Button block onClick={() => navigate('/dashboard')}>
                  {t('home.goDashboard')}
                </Button>
              )}
              <Button block onClick={() => navigate('/notifications')}>
                {t('home.goNotifications')}
              </Button>
              {user?.roles.includes('ADMIN') && (
                <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                  {t('home.adminHint')} · <a href="/api/docs">{t('home.apiDocs')}</a>
                </Typography.Paragraph>
              )}
            </Space>
          </Card>
        </Col>
        {readsCases && (
          <Col xs={24} lg={16}>
            <Card title={t('home.urgent')}>
              <List
                dataSource={data?.urgent ?? []}
                locale={{ emptyText: t('home.noUrgent') }}
                renderItem={(c) => (
                  <List.Item>
                    <List.Item.Meta
                      title={<Link to={`/cases/${c.id}`}>{c.caseNo}</Link>}
                      description={[...c.workerNames.slice(0, 3), c.employerName].filter(Boolean).join('、')}
                    />
                    <Space wrap>
                      <StateTag state={c.state} />
                      {c.nextDeadline && <DueDate dueAt={c.nextDeadline.dueAt} now={now} overdue={c.nextDeadline.overdue} />}
                    </Space>
                  </List.Item>
                )}
              />
            </Card>
          </Col>
        )}
      </Row>
    </Space>
  );
}
