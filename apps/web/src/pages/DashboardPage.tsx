import { DownloadOutlined, InfoCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, DatePicker, Row, Segmented, Select, Space, Spin, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, Suspense, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import type { CaseListItem, FailedNotification, Page, ReportFigures, ReportSummary } from '../api/types';
import type { ChartOption } from '../charts/Chart';
import { DueTag, StateTag } from '../components/Tags';
import { COUNTY_CODES } from '../i18n/labels';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/messages';
import { useErrorText, useLoad, useNow, useShowError } from '../lib/hooks';
import { formatFen } from '../lib/money';
import { formatDateTime, shanghaiDate } from '../lib/time';

const Chart = lazy(() => import('../charts/Chart'));

type Basis = 'paid' | 'agreed';
/** The figures whose definitions the dashboard lists, in this order. */
const DEFINED_FIGURES = ['recoveredFen', 'casesAccepted', 'casesClosed', 'agreements', 'successRate', 'workersCovered', 'agreedFen', 'medianDaysToClose', 'deadlineCompliance'];
type GroupBy = 'month' | 'region' | 'disputeType';

const percent = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);
/** Yuan for chart axes only (display); every sum is integer fen, computed by the server. */
const yuan = (fen: number) => fen / 100;

/** Query string of the reports API (API.md "Reports"). */
export function reportQuery(p: { from: string; to: string; regionCode?: string; basis: Basis; groupBy?: GroupBy }): string {
  const q = new URLSearchParams({ from: p.from, to: p.to, basis: p.basis });
  if (p.regionCode) q.set('regionCode', p.regionCode);
  if (p.groupBy) q.set('groupBy', p.groupBy);
  return q.toString();
}

function ChartCard({ title, option, testId }: { title: string; option: ChartOption | null; testId: string }) {
  const { t } = useI18n();
  return (
    <Card title={title} size="small">
      {option ? (
        <Suspense fallback={<Spin />}>
          <Chart option={option} testId={testId} />
        </Suspense>
      ) : (
        <Typography.Text type="secondary">{t('dashboard.noData')}</Typography.Text>
      )}
    </Card>
  );
}

/** The manager's figures: cases and money recovered by month, county and dispute type, and what needs chasing. */
export function DashboardPage() {
  const { t, label, locale } = useI18n();
  const errorText = useErrorText();
  const showError = useShowError();
  const now = useNow();
  const today = shanghaiDate(now);
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs(today).startOf('year'), dayjs(today)]);
  const [regionCode, setRegionCode] = useState<string | undefined>(undefined);
  const [basis, setBasis] = useState<Basis>('paid');
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const base = { from, to, regionCode, basis };

  const summary = useLoad(async () => {
    const [all, month, region, disputeType] = await Promise.all([
      api.get<ReportSummary>(`/api/reports/summary?${reportQuery(base)}`),
      api.get<ReportSummary>(`/api/reports/summary?${reportQuery({ ...base, groupBy: 'month' })}`),
      api.get<ReportSummary>(`/api/reports/summary?${reportQuery({ ...base, groupBy: 'region' })}`),
      api.get<ReportSummary>(`/api/reports/summary?${reportQuery({ ...base, groupBy: 'disputeType' })}`),
    ]);
    return { all, month, region, disputeType };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [from, to, regionCode, basis]);
  const overdue = useLoad(() => api.get<Page<CaseListItem>>(`/api/cases?overdue=true&pageSize=10${regionCode ? `&regionCode=${regionCode}` : ''}`), [regionCode]);
  const failed = useLoad(() => api.get<Page<FailedNotification>>('/api/notifications/failed?pageSize=10'), []);

  const totals = summary.data?.all.totals;
  const recoveredLabel = t(basis === 'paid' ? 'dashboard.recovered.paid' : 'dashboard.recovered.agreed');

  const charts = useMemo(() => {
    const d = summary.data;
    if (!d) return null;
    const barLine = (groups: Array<ReportFigures & { key: string; label: string }>, labelOf: (g: { key: string; label: string }) => string): ChartOption | null =>
      groups.length === 0
        ? null
        : {
            tooltip: { trigger: 'axis' },
            legend: { top: 0 },
            grid: { left: 56, right: 64, top: 36, bottom: 56 },
            xAxis: { type: 'category', data: groups.map(labelOf), axisLabel: { interval: 0, rotate: groups.length > 6 ? 30 : 0 } },
            yAxis: [
              { type: 'value', name: t('dashboard.cases'), minInterval: 1 },
              { type: 'value', name: t('dashboard.money'), splitLine: { show: false } },
            ],
            series: [
              { name: t('dashboard.casesAccepted'), type: 'bar', barMaxWidth: 36, data: groups.map((g) => g.casesAccepted), itemStyle: { color: '#1677ff' } },
              { name: recoveredLabel, type: 'line', yAxisIndex: 1, data: groups.map((g) => yuan(g.recoveredFen)), itemStyle: { color: '#fa8c16' } },
            ],
          };
    const pie = (groups: Array<ReportFigures & { key: string; label: string }>): ChartOption | null =>
      groups.length === 0
        ? null
        : {
            tooltip: { trigger: 'item' },
            legend: { type: 'scroll', orient: 'vertical', right: 0, top: 'middle' },
            series: [
              {
                name: t('dashboard.casesAccepted'),
                type: 'pie',
                radius: ['35%', '65%'],
                center: ['35%', '50%'],
                label: { show: false },
                data: groups.map((g) => ({ name: label('disputeType', g.key) !== g.key ? label('disputeType', g.key) : g.label, value: g.casesAccepted })),
              },
            ],
          };
    return {
      month: barLine(d.month.groups, (g) => g.label || g.key),
      region: barLine(d.region.groups, (g) => (locale === 'en-US' && label('region', g.key) !== g.key ? label('region', g.key) : g.label || g.key)),
      disputeType: pie(d.disputeType.groups),
    };
  }, [summary.data, t, label, locale, recoveredLabel]);

  /** DOMAIN §6: every figure's definition on screen — the server's wording when it gives one. */
  const definitions = useMemo(() => {
    const server = summary.data?.all.definitions;
    const lang = locale === 'en-US' ? 'en' : 'zh';
    if (server) {
      return DEFINED_FIGURES.filter((k) => server[k]).map((k) => ({ key: k, label: server[k].label[lang], text: server[k].definition[lang] }));
    }
    const own: MessageKey[] = ['dashboard.def.casesAccepted', 'dashboard.def.successRate', 'dashboard.def.workersCovered', 'dashboard.def.medianDays', 'dashboard.def.compliance'];
    return [t(basis === 'paid' ? 'dashboard.def.paid' : 'dashboard.def.agreed'), ...own.map((k) => t(k))].map((text) => ({ key: text, label: '', text }));
  }, [summary.data, basis, locale, t]);
  const basisTitle = summary.data?.all.basisLabel?.[locale === 'en-US' ? 'en' : 'zh'] ?? t(basis === 'paid' ? 'dashboard.def.paid' : 'dashboard.def.agreed');
  const basisText = summary.data?.all.definitions?.recoveredFen?.definition[locale === 'en-US' ? 'en' : 'zh'];

  const exportFile = (ext: 'csv' | 'xlsx') =>
    api.download(`/api/reports/summary.${ext}?${reportQuery({ ...base, groupBy: 'month' })}`, `tiaojie-report-${from}-${to}.${ext}`).catch(showError);

  const stat = (key: string, title: string, value: string | number, extra?: string, highlight?: boolean) => (
    <Col xs={12} md={8} xl={6} key={key}>
      <Card size="small" className="stat-card">
        <Statistic
          title={title}
          value={value}
          valueStyle={highlight ? { color: '#389e0d' } : undefined}
          suffix={extra ? <Typography.Text type="secondary" style={{ fontSize: 13 }}>{extra}</Typography.Text> : undefined}
          data-testid={`stat-${key}`}
        />
      </Card>
    </Col>
  );

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <div className="page-title">
        <Typography.Title level={3}>{t('dashboard.title')}</Typography.Title>
        <Space wrap>
          <Button icon={<ReloadOutlined />} onClick={() => void Promise.all([summary.reload(), overdue.reload(), failed.reload()])}>
            {t('common.refresh')}
          </Button>
          <Button icon={<DownloadOutlined />} onClick={() => void exportFile('csv')} data-testid="export-csv">
            {t('dashboard.export.csv')}
          </Button>
          <Button icon={<DownloadOutlined />} onClick={() => void exportFile('xlsx')} data-testid="export-xlsx">
            {t('dashboard.export.xlsx')}
          </Button>
        </Space>
      </div>
      <Card size="small">
        <div className="filters" style={{ marginBottom: 0 }}>
          <span>{t('dashboard.period')}</span>
          <DatePicker.RangePicker
            value={range}
            allowClear={false}
            onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
            presets={[
              { label: String(dayjs(today).year()), value: [dayjs(today).startOf('year'), dayjs(today)] },
              { label: String(dayjs(today).year() - 1), value: [dayjs(today).subtract(1, 'year').startOf('year'), dayjs(today).subtract(1, 'year').endOf('year')] },
            ]}
          />
          <Select
            style={{ width: 160 }}
            value={regionCode ?? ''}
            onChange={(v) => setRegionCode(v || undefined)}
            options={[{ value: '', label: t('dashboard.allRegions') }, ...COUNTY_CODES.map((c) => ({ value: c, label: label('region', c) }))]}
          />
          <span>{t('dashboard.basis')}</span>
          <Segmented<Basis>
            value={basis}
            onChange={setBasis}
            options={[
              { value: 'paid', label: t('dashboard.basis.paid') },
              { value: 'agreed', label: t('dashboard.basis.agreed') },
            ]}
            data-testid="basis-switch"
          />
        </div>
        <Alert
          type="info"
          showIcon
          icon={<InfoCircleOutlined />}
          style={{ marginTop: 12 }}
          title={basisTitle}
          description={basisText}
          data-testid="basis-definition"
        />
      </Card>

      {summary.error !== undefined && <Alert type="warning" showIcon title={t('dashboard.unavailable', { detail: errorText(summary.error) })} />}

      <Spin spinning={summary.loading && !summary.data}>
        <Row gutter={[16, 16]}>
          {stat('recovered', recoveredLabel, totals ? formatFen(totals.recoveredFen) : '—', undefined, true)}
          {stat('casesAccepted', t('dashboard.casesAccepted'), totals?.casesAccepted ?? '—', totals ? `/ ${t('dashboard.casesClosed')} ${totals.casesClosed}` : undefined)}
          {stat('successRate', t('dashboard.successRate'), percent(totals?.successRate), totals ? `${t('dashboard.agreements')} ${totals.agreements}` : undefined)}
          {stat('compliance', t('dashboard.compliance'), percent(totals?.deadlineCompliance))}
          {stat('agreed', t('dashboard.agreed'), totals ? formatFen(totals.agreedFen) : '—')}
          {stat('claimed', t('dashboard.claimed'), totals ? formatFen(totals.claimedFen) : '—')}
          {stat('workers', t('dashboard.workersCovered'), totals?.workersCovered ?? '—')}
          {stat(
            'medianDays',
            t('dashboard.medianDays'),
            totals?.medianDaysToClose ?? '—',
            totals?.medianDaysToClose != null ? `${t('dashboard.daysUnit')}${totals.p90DaysToClose != null ? ` · ${t('dashboard.p90', { n: totals.p90DaysToClose })}` : ''}` : undefined,
          )}
        </Row>
      </Spin>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <ChartCard title={t('dashboard.byMonth')} option={charts?.month ?? null} testId="chart-month" />
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard title={t('dashboard.byRegion')} option={charts?.region ?? null} testId="chart-region" />
        </Col>
        <Col xs={24} xl={9}>
          <ChartCard title={t('dashboard.byDisputeType')} option={charts?.disputeType ?? null} testId="chart-dispute" />
        </Col>
        <Col xs={24} xl={15}>
          <Card title={t('dashboard.definitions')} size="small">
            <ul className="definition-list" data-testid="definitions">
              {definitions.map((d) => (
                <li key={d.key}>
                  {d.label && <Typography.Text strong>{d.label}：</Typography.Text>}
                  <Typography.Text>{d.text}</Typography.Text>
                </li>
              ))}
            </ul>
          </Card>
        </Col>
      </Row>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={<Space>{t('dashboard.overdue')}<Tag color="error">{overdue.data?.total ?? 0}</Tag></Space>} size="small" extra={<Link to="/cases?overdue=true">{t('common.details')}</Link>}>
            <Table<CaseListItem>
              rowKey="id"
              size="small"
              loading={overdue.loading}
              pagination={false}
              dataSource={overdue.data?.items ?? []}
              scroll={{ x: 600 }}
              columns={[
                { title: t('cases.col.caseNo'), dataIndex: 'caseNo', render: (v: string, c) => <Link to={`/cases/${c.id}`}>{v}</Link> },
                { title: t('cases.col.state'), dataIndex: 'state', render: (s: string) => <StateTag state={s} /> },
                { title: t('cases.col.nextDeadline'), key: 'k', render: (_, c) => (c.nextDeadline ? label('deadlineKind', c.nextDeadline.kind) : '—') },
                { title: t('cases.col.daysLeft'), key: 'd', render: (_, c) => (c.nextDeadline ? <DueTag dueAt={c.nextDeadline.dueAt} now={now} overdue={c.nextDeadline.overdue} /> : '—') },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={<Space>{t('dashboard.failedNotifications')}<Tag color={(failed.data?.total ?? 0) > 0 ? 'error' : 'default'}>{failed.data?.total ?? 0}</Tag></Space>} size="small">
            {failed.error !== undefined ? (
              <Typography.Text type="secondary">{errorText(failed.error)}</Typography.Text>
            ) : (
              <Table<FailedNotification>
                rowKey="id"
                size="small"
                loading={failed.loading}
                pagination={false}
                dataSource={failed.data?.items ?? []}
                scroll={{ x: 500 }}
                columns={[
                  { title: t('cases.col.caseNo'), dataIndex: 'caseNo', render: (v: string | null, n) => (n.caseId ? <Link to={`/cases/${n.caseId}`}>{v}</Link> : (v ?? '—')) },
                  { title: t('dashboard.col.channel'), dataIndex: 'channel', render: (c: string) => label('notificationChannel', c) },
                  { title: t('dashboard.col.attempts'), dataIndex: 'attempts', width: 80 },
                  {
                    title: t('dashboard.col.lastError'),
                    dataIndex: 'lastError',
                    ellipsis: true,
                    render: (e: string | null, n) => (
                      <Tooltip title={`${n.template} · ${formatDateTime(n.createdAt)}`}>
                        <span>{e ?? '—'}</span>
                      </Tooltip>
                    ),
                  },
                ]}
              />
            )}
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
