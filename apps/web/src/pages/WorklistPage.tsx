import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Input, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../api/client';
import type { CaseListItem, Page } from '../api/types';
import { useAuth } from '../auth/AuthProvider';
import { DueTag, StateTag } from '../components/Tags';
import { COUNTY_CODES, STATE_FILTERS, stateFilterLabel } from '../i18n/labels';
import { useI18n } from '../i18n/I18nProvider';
import { useErrorText, useLoad, useNow } from '../lib/hooks';
import { formatFen } from '../lib/money';
import { may } from '../lib/roles';
import { daysLeft, formatDate, formatDue } from '../lib/time';

/** Query string of GET /api/cases from the page's own search parameters. */
function listQuery(p: URLSearchParams): string {
  const q = new URLSearchParams();
  if (p.get('scope') === 'mine') q.set('assignedTo', 'me');
  for (const k of ['state', 'regionCode', 'q']) {
    const v = p.get(k);
    if (v) q.set(k, v);
  }
  if (p.get('overdue') === 'true') q.set('overdue', 'true');
  if (p.get('collective') === 'true') q.set('collective', 'true');
  q.set('page', p.get('page') ?? '1');
  q.set('pageSize', p.get('pageSize') ?? '20');
  return q.toString();
}

/** The mediator's worklist: cases in scope with state, next deadline and days left; filters and search. */
export function WorklistPage() {
  const { user } = useAuth();
  const { t, locale, label } = useI18n();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const now = useNow();
  const [params, setParams] = useSearchParams();
  const query = listQuery(params);
  const { data, loading, error, reload } = useLoad(() => api.get<Page<CaseListItem>>(`/api/cases?${query}`), [query]);

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next, { replace: true });
  };

  const columns: ColumnsType<CaseListItem> = [
    {
      title: t('cases.col.caseNo'),
      dataIndex: 'caseNo',
      width: 190,
      sorter: (a, b) => a.caseNo.localeCompare(b.caseNo),
      render: (v: string, c) => (
        <Space size={4} wrap>
          <Link to={`/cases/${c.id}`} className="nowrap">
            {v}
          </Link>
          {c.collective && <Tag color="magenta">{t('cases.collective')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('cases.col.parties'),
      key: 'parties',
      ellipsis: true,
      render: (_, c) => (
        <div style={{ minWidth: 0 }}>
          <div>{c.workerNames.slice(0, 3).join('、') + (c.workerNames.length > 3 ? ` 等${c.workerNames.length}人` : '')}</div>
          <Typography.Text type="secondary" ellipsis>
            {c.employerName}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('cases.col.state'),
      dataIndex: 'state',
      width: 170,
      sorter: (a, b) => a.state.localeCompare(b.state),
      render: (s: string) => <StateTag state={s} />,
    },
    { title: t('cases.col.region'), dataIndex: 'regionCode', width: 100, render: (r: string) => label('region', r) },
    {
      title: t('cases.col.nextDeadline'),
      key: 'next',
      width: 200,
      render: (_, c) =>
        c.nextDeadline ? (
          <div>
            <div>{label('deadlineKind', c.nextDeadline.kind)}</div>
            <Typography.Text type="secondary">{formatDue(c.nextDeadline.dueAt)}</Typography.Text>
          </div>
        ) : (
          '—'
        ),
    },
    {
      title: t('cases.col.daysLeft'),
      key: 'daysLeft',
      width: 120,
      defaultSortOrder: 'ascend',
      sorter: (a, b) => (a.nextDeadline ? daysLeft(a.nextDeadline.dueAt, now) : 1e9) - (b.nextDeadline ? daysLeft(b.nextDeadline.dueAt, now) : 1e9),
      render: (_, c) => (c.nextDeadline ? <DueTag dueAt={c.nextDeadline.dueAt} now={now} overdue={c.nextDeadline.overdue} /> : '—'),
    },
    {
      title: t('cases.col.claimed'),
      key: 'claimed',
      width: 140,
      align: 'right',
      sorter: (a, b) => a.money.claimedFen - b.money.claimedFen,
      render: (_, c) => <span className="nowrap">{formatFen(c.money.claimedFen)}</span>,
    },
    {
      title: t('cases.col.openedAt'),
      dataIndex: 'openedAt',
      width: 120,
      sorter: (a, b) => a.openedAt.localeCompare(b.openedAt),
      render: (v: string) => formatDate(v),
    },
  ];

  return (
    <>
      <div className="page-title">
        <Typography.Title level={3}>{t('cases.title')}</Typography.Title>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => void reload()}>
            {t('common.refresh')}
          </Button>
          {may(user, 'case.open') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/cases/new')} data-testid="new-case">
              {t('cases.new')}
            </Button>
          )}
        </Space>
      </div>
      <Card>
        <div className="filters">
          <Segmented
            value={params.get('scope') === 'mine' ? 'mine' : 'all'}
            options={[
              { value: 'all', label: t('cases.scope.all') },
              { value: 'mine', label: t('cases.scope.mine') },
            ]}
            onChange={(v) => update({ scope: v === 'mine' ? 'mine' : null })}
          />
          <Select
            allowClear
            placeholder={t('cases.filter.state')}
            style={{ width: 180 }}
            value={params.get('state') || undefined}
            options={STATE_FILTERS.map((s) => ({ value: s, label: stateFilterLabel(s, locale) }))}
            onChange={(v) => update({ state: v ?? null })}
            data-testid="filter-state"
          />
          <Select
            allowClear
            placeholder={t('cases.filter.county')}
            style={{ width: 150 }}
            value={params.get('regionCode') || undefined}
            options={COUNTY_CODES.map((c) => ({ value: c, label: label('region', c) }))}
            onChange={(v) => update({ regionCode: v ?? null })}
          />
          <Checkbox checked={params.get('collective') === 'true'} onChange={(e) => update({ collective: e.target.checked ? 'true' : null })}>
            {t('cases.filter.collective')}
          </Checkbox>
          <Checkbox checked={params.get('overdue') === 'true'} onChange={(e) => update({ overdue: e.target.checked ? 'true' : null })}>
            {t('cases.filter.overdue')}
          </Checkbox>
          <Input.Search
            allowClear
            placeholder={t('cases.filter.q')}
            style={{ width: 260 }}
            defaultValue={params.get('q') ?? ''}
            onSearch={(v) => update({ q: v.trim() || null })}
            data-testid="case-search"
          />
        </div>
        {error !== undefined && <Alert type="error" showIcon title={t('common.loadFailed', { detail: errorText(error) })} style={{ marginBottom: 12 }} />}
        <Table<CaseListItem>
          rowKey="id"
          size="middle"
          loading={loading}
          columns={columns}
          dataSource={data?.items ?? []}
          locale={{ emptyText: t('cases.empty') }}
          scroll={{ x: 1100 }}
          pagination={{
            current: data?.page ?? Number(params.get('page') ?? 1),
            pageSize: data?.pageSize ?? Number(params.get('pageSize') ?? 20),
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            showTotal: (n) => t('common.total', { total: n }),
            onChange: (page, pageSize) => update({ page: String(page), pageSize: String(pageSize) }),
          }}
          onRow={(c) => ({ 'data-case-no': c.caseNo }) as React.HTMLAttributes<HTMLElement>}
        />
      </Card>
    </>
  );
}
