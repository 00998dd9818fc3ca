import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../api/client';
import type { CaseView, Page, ReferralView } from '../api/types';
import { EventModal } from '../components/EventModal';
import { DueDate, orderEvents } from '../components/Tags';
import { useI18n } from '../i18n/I18nProvider';
import { useErrorText, useLoad, useNow } from '../lib/hooks';
import { formatDateTime, formatDue } from '../lib/time';

type Status = 'PENDING' | 'ACCEPTED' | 'all';

/**
 * The receiving side's inbox (court, arbitration commission, procuratorate, legal aid, inspection):
 * referrals addressed to the user's organisation with their due times, and the case events this
 * user may send on each — accept, confirm, refuse — right from the list.
 */
export function InboxPage() {
  const { t, label } = useI18n();
  const errorText = useErrorText();
  const now = useNow();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') as Status | null) ?? 'PENDING';
  const page = Number(params.get('page') ?? 1);
  const pageSize = Number(params.get('pageSize') ?? 20);
  const query = `${status === 'all' ? '' : `status=${status}&`}page=${page}&pageSize=${pageSize}`;
  const { data, loading, error, reload } = useLoad(() => api.get<Page<ReferralView>>(`/api/referrals?${query}`), [query]);

  // Each listed case as this user sees it: its version and the events they may send now.
  const [cases, setCases] = useState<Record<string, CaseView>>({});
  const loadCases = useCallback(async (ids: string[]) => {
    const unique = [...new Set(ids)];
    const views = await Promise.all(unique.map((id) => api.get<CaseView>(`/api/cases/${id}`).catch(() => null)));
    setCases((prev) => {
      const next = { ...prev };
      views.forEach((v) => {
        if (v) next[v.id] = v;
      });
      return next;
    });
  }, []);
  useEffect(() => {
    if (data) void loadCases(data.items.map((r) => r.caseId));
  }, [data, loadCases]);

  const [acting, setActing] = useState<{ caseId: string; type: string } | null>(null);
  const refresh = async () => {
    await reload();
  };

  const setStatus = (s: Status) => {
    const next = new URLSearchParams(params);
    if (s === 'PENDING') next.delete('status');
    else next.set('status', s);
    next.delete('page');
    setParams(next, { replace: true });
  };

  return (
    <>
      <div className="page-title">
        <Typography.Title level={3}>{t('inbox.title')}</Typography.Title>
        <Button icon={<ReloadOutlined />} onClick={() => void refresh()}>
          {t('common.refresh')}
        </Button>
      </div>
      <Card>
        <div className="filters">
          <Segmented<Status>
            value={status}
            onChange={setStatus}
            options={[
              { value: 'PENDING', label: t('inbox.status.PENDING') },
              { value: 'ACCEPTED', label: t('inbox.status.ACCEPTED') },
              { value: 'all', label: t('inbox.status.all') },
            ]}
          />
        </div>
        {error !== undefined && <Alert type="error" showIcon title={t('common.loadFailed', { detail: errorText(error) })} style={{ marginBottom: 12 }} />}
        <Table<ReferralView>
          rowKey="id"
          loading={loading}
          dataSource={data?.items ?? []}
          locale={{ emptyText: t('inbox.empty') }}
          scroll={{ x: 1200 }}
          onRow={(r) => ({ 'data-case-no': r.caseNo, 'data-kind': r.kind }) as React.HTMLAttributes<HTMLElement>}
          pagination={{
            current: page,
            pageSize,
            total: data?.total ?? 0,
            showTotal: (n) => t('common.total', { total: n }),
            onChange: (p, ps) => {
              const next = new URLSearchParams(params);
              next.set('page', String(p));
              next.set('pageSize', String(ps));
              setParams(next, { replace: true });
            },
          }}
          columns={[
            {
              title: t('inbox.col.caseNo'),
              dataIndex: 'caseNo',
              width: 190,
              sorter: (a, b) => a.caseNo.localeCompare(b.caseNo),
              render: (v: string, r) => <Link to={`/cases/${r.caseId}`}>{v}</Link>,
            },
            { title: t('inbox.col.kind'), dataIndex: 'kind', width: 140, render: (k: string) => <Tag color="geekblue">{label('referralKind', k)}</Tag> },
            { title: t('inbox.col.from'), key: 'from', width: 220, ellipsis: true, render: (_, r) => r.fromOrg.name },
            {
              title: t('inbox.col.createdAt'),
              dataIndex: 'createdAt',
              width: 150,
              sorter: (a, b) => a.createdAt.localeCompare(b.createdAt),
              render: (v: string) => formatDateTime(v),
            },
            {
              title: t('inbox.col.dueAt'),
              dataIndex: 'dueAt',
              width: 210,
              defaultSortOrder: 'ascend',
              sorter: (a, b) => (a.dueAt ?? '9').localeCompare(b.dueAt ?? '9'),
              render: (v: string | null, r) => (v ? r.status === 'PENDING' || r.status === 'ACCEPTED' ? <DueDate dueAt={v} now={now} /> : formatDue(v) : '—'),
            },
            { title: t('inbox.col.status'), dataIndex: 'status', width: 90, render: (s: string) => <Tag>{label('referralStatus', s)}</Tag> },
            {
              title: t('inbox.col.actions'),
              key: 'actions',
              width: 260,
              render: (_, r) => {
                const c = cases[r.caseId];
                if (!c) return null;
                if (c.allowedEvents.length === 0) return <Typography.Text type="secondary">{t('inbox.noActions')}</Typography.Text>;
                return (
                  <Space wrap size={4}>
                    {orderEvents(c.allowedEvents).map(({ type: e, tone }) => (
                      <Button key={e} size="small" type={tone === 'primary' ? 'primary' : 'default'} danger={tone === 'danger'} data-event={e} onClick={() => setActing({ caseId: c.id, type: e })}>
                        {label('event', e)}
                      </Button>
                    ))}
                  </Space>
                );
              },
            },
          ]}
        />
      </Card>
      {acting && cases[acting.caseId] && (
        <EventModal
          caseView={cases[acting.caseId]}
          type={acting.type}
          onClose={() => setActing(null)}
          onDone={(view) => {
            setActing(null);
            setCases((prev) => ({ ...prev, [view.id]: view }));
            void refresh();
          }}
          onStale={() => {
            setActing(null);
            void loadCases([acting.caseId]);
            void refresh();
          }}
          onRefresh={() => void loadCases([acting.caseId])}
        />
      )}
    </>
  );
}
