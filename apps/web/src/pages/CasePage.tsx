import { ArrowLeftOutlined, EyeInvisibleOutlined, EyeOutlined, FilePdfOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Empty, List, Result, Row, Space, Spin, Statistic, Table, Tabs, Tag, Timeline, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError } from '../api/client';
import type { CaseView, DeadlineView, HistoryEntry, PartyData, ReferralView, WorkerView } from '../api/types';
import { useAuth } from '../auth/AuthProvider';
import { EventModal } from '../components/EventModal';
import { DueDate, orderEvents, StateTag } from '../components/Tags';
import { trackStateLabelOf } from '../i18n/labels';
import { useI18n } from '../i18n/I18nProvider';
import { instalmentRows, type InstalmentStatus } from '../lib/instalments';
import { useErrorText, useNow, useShowError } from '../lib/hooks';
import { formatFen } from '../lib/money';
import { may } from '../lib/roles';
import { formatDateTime, formatDue, shanghaiDate } from '../lib/time';

interface Loaded {
  view: CaseView;
  history: HistoryEntry[];
}

let diagramSvg: Promise<string> | undefined;
function loadDiagram(): Promise<string> {
  diagramSvg ??= api
    .request('GET', '/api/workflow/diagram.svg', { raw: true, headers: { accept: 'image/svg+xml' } })
    .then((r) => r.text())
    .then((svg) => svg.replace(/^<\?xml[^>]*>\s*/, ''))
    .catch((e) => {
      diagramSvg = undefined;
      throw e;
    });
  return diagramSvg;
}

/** The machine's diagram with this case's states lit: the main line and every active side track. */
function WorkflowDiagram({ state, tracks }: { state: string; tracks: Record<string, string> }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const ref = useRef<HTMLDivElement>(null);
  const [svg, setSvg] = useState<string>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    loadDiagram().then(setSvg, setError);
  }, []);
  useEffect(() => {
    const root = ref.current;
    if (!root || !svg) return;
    root.querySelectorAll('[data-current]').forEach((g) => g.removeAttribute('data-current'));
    const paths = [`main.${state}`, ...Object.entries(tracks).filter(([, s]) => s !== 'idle').map(([k, s]) => `${k}.${s}`)];
    let first: Element | null = null;
    for (const p of paths) {
      const g = root.querySelector(`g[data-path="${CSS.escape(p)}"]`);
      if (g) {
        g.setAttribute('data-current', 'true');
        first ??= g;
      }
    }
    // Bring the current state into view inside the diagram's own scroll box (never scroll the page).
    if (first) {
      const box = root.getBoundingClientRect();
      const target = first.getBoundingClientRect();
      root.scrollLeft += target.left - box.left - (box.width - target.width) / 2;
      root.scrollTop += target.top - box.top - (box.height - target.height) / 2;
    }
  }, [svg, state, tracks]);
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  if (!svg) return <Spin />;
  return (
    <>
      <Typography.Paragraph type="secondary">
        <Tag color="orange">{t('case.diagram.legend')}</Tag>
      </Typography.Paragraph>
      <div className="diagram" ref={ref} data-testid="workflow-diagram" dangerouslySetInnerHTML={{ __html: svg }} />
    </>
  );
}

function PartiesTab({ view }: { view: CaseView }) {
  const { t, label } = useI18n();
  const { user } = useAuth();
  const showError = useShowError();
  const [revealed, setRevealed] = useState<Record<string, PartyData>>({});
  const canReveal = may(user, 'case.reveal');

  const reveal = async (w: WorkerView) => {
    try {
      const data = await api.get<PartyData>(`/api/cases/${view.id}/parties/${w.id}?reveal=true`);
      setRevealed((r) => ({ ...r, [w.id]: data }));
    } catch (e) {
      showError(e);
    }
  };
  const hide = (id: string) =>
    setRevealed((r) => {
      const { [id]: _, ...rest } = r;
      return rest;
    });

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {Object.keys(revealed).length > 0 && <Alert type="warning" showIcon title={t('case.revealed')} />}
      <Table<WorkerView>
        rowKey="id"
        size="small"
        pagination={view.workers.length > 10 ? { pageSize: 10 } : false}
        dataSource={view.workers}
        scroll={{ x: 800 }}
        title={() => <Typography.Text strong>{t('case.workers')}</Typography.Text>}
        columns={[
          {
            title: t('intake.worker.name'),
            key: 'name',
            render: (_, w) => (
              <Space size={4} wrap>
                <span>{revealed[w.id]?.name ?? w.name}</span>
                {w.isRepresentative && <Tag color="blue">{t('case.representative')}</Tag>}
                {w.isMigrantWorker && <Tag>{t('case.migrant')}</Tag>}
              </Space>
            ),
          },
          { title: t('intake.worker.idType'), dataIndex: 'idType', render: (v: string) => label('idType', v) },
          {
            title: t('intake.worker.idNumber'),
            key: 'id',
            render: (_, w) => <span className="mono" data-testid="party-id">{revealed[w.id]?.idNumber ?? w.idNumber ?? '—'}</span>,
          },
          { title: t('intake.worker.phone'), key: 'phone', render: (_, w) => <span className="mono">{revealed[w.id]?.phone ?? w.phone ?? '—'}</span> },
          { title: t('intake.worker.employmentForm'), dataIndex: 'employmentForm', render: (v: string | null) => label('employmentForm', v) },
          ...(canReveal
            ? [
                {
                  title: '',
                  key: 'reveal',
                  width: 140,
                  render: (_: unknown, w: WorkerView) =>
                    revealed[w.id] ? (
                      <Button size="small" icon={<EyeInvisibleOutlined />} onClick={() => hide(w.id)}>
                        {t('case.hide')}
                      </Button>
                    ) : (
                      <Button size="small" icon={<EyeOutlined />} onClick={() => void reveal(w)} data-testid="reveal">
                        {t('case.reveal')}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      {view.employer && (
        <Descriptions bordered size="small" column={{ xs: 1, md: 3 }} title={t('case.employer')}>
          <Descriptions.Item label={t('intake.employer.name')}>{view.employer.name}</Descriptions.Item>
          <Descriptions.Item label={t('intake.employer.creditCode')}>
            <span className="mono">{view.employer.creditCode ?? '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('intake.employer.address')}>{view.employer.address ?? '—'}</Descriptions.Item>
        </Descriptions>
      )}
      <Table
        rowKey={(_, i) => String(i)}
        size="small"
        pagination={false}
        dataSource={view.claims ?? []}
        title={() => <Typography.Text strong>{t('case.claims')}</Typography.Text>}
        columns={[
          { title: t('case.col.item'), dataIndex: 'type', render: (v: string) => label('disputeType', v) },
          { title: t('intake.claim.period'), dataIndex: 'period', render: (v: string | null) => v ?? '—' },
          { title: t('case.col.amount'), dataIndex: 'claimedFen', align: 'right', render: (v: number) => formatFen(v) },
        ]}
      />
      {view.facts && (
        <Card size="small" title={t('case.facts')}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{view.facts}</Typography.Paragraph>
        </Card>
      )}
    </Space>
  );
}

const INSTALMENT_COLORS: Record<InstalmentStatus, string> = { paid: 'success', partly: 'processing', due: 'default', late: 'error' };

function AgreementTab({ view }: { view: CaseView }) {
  const { t, label } = useI18n();
  const a = view.agreement;
  const rows = a ? instalmentRows(a.schedule, view.money.paidFen, shanghaiDate(new Date())) : [];
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {!a && <Empty description={t('case.agreement.none')} />}
      {a && (
        <>
          <Typography.Text type="secondary">{t('case.agreement.signedAt', { at: formatDateTime(a.signedAt) })}</Typography.Text>
          <Table
            rowKey={(_, i) => String(i)}
            size="small"
            pagination={false}
            dataSource={a.items}
            title={() => <Typography.Text strong>{t('case.agreement.items')}</Typography.Text>}
            columns={[
              { title: t('case.col.item'), dataIndex: 'type', render: (v: string) => label('disputeType', v) },
              { title: t('case.col.amount'), dataIndex: 'agreedFen', align: 'right', render: (v: number) => formatFen(v) },
            ]}
          />
          <Table
            rowKey="index"
            size="small"
            pagination={false}
            dataSource={rows}
            title={() => <Typography.Text strong>{t('case.agreement.schedule')}</Typography.Text>}
            data-testid="instalments"
            columns={[
              { title: '#', dataIndex: 'index', width: 48, render: (i: number) => i + 1 },
              { title: t('case.col.dueDate'), dataIndex: 'dueDate' },
              { title: t('case.col.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => formatFen(v) },
              { title: t('case.money.paid'), dataIndex: 'paidFen', align: 'right', render: (v: number) => formatFen(v) },
              {
                title: t('case.col.status'),
                dataIndex: 'status',
                render: (s: InstalmentStatus) => <Tag color={INSTALMENT_COLORS[s]}>{t(`case.schedule.${s}` as const)}</Tag>,
              },
            ]}
          />
        </>
      )}
      <Table
        rowKey={(_, i) => String(i)}
        size="small"
        pagination={false}
        dataSource={view.payments ?? []}
        locale={{ emptyText: t('common.none') }}
        title={() => <Typography.Text strong>{t('case.agreement.payments')}</Typography.Text>}
        data-testid="payments"
        columns={[
          { title: t('case.col.paidAt'), dataIndex: 'paidAt', render: (v: string) => formatDateTime(v) },
          { title: t('case.col.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => formatFen(v) },
          { title: t('case.col.method'), dataIndex: 'method', render: (v: string) => label('paymentMethod', v) },
          { title: t('case.col.evidence'), dataIndex: 'evidenceRef', render: (v?: string) => v ?? '—' },
        ]}
      />
      {(view.sessions?.length ?? 0) > 0 && (
        <List
          header={<Typography.Text strong>{t('case.sessions')}</Typography.Text>}
          bordered
          size="small"
          dataSource={view.sessions}
          renderItem={(s) => (
            <List.Item>
              <List.Item.Meta title={`${formatDateTime(s.at)} · ${s.online ? t('case.session.online') : (s.place ?? '')}`} description={s.summary ?? '—'} />
            </List.Item>
          )}
        />
      )}
    </Space>
  );
}

const DEADLINE_STATUS_COLOR: Record<string, string> = { PENDING: 'processing', MET: 'success', EXPIRED: 'error', CANCELLED: 'default', PAUSED: 'warning' };

function DeadlinesTab({ deadlines, now }: { deadlines: DeadlineView[]; now: Date }) {
  const { t, label } = useI18n();
  const sorted = [...deadlines].sort((a, b) => Number(b.status === 'PENDING') - Number(a.status === 'PENDING') || a.dueAt.localeCompare(b.dueAt));
  return (
    <Table<DeadlineView>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={sorted}
      scroll={{ x: 900 }}
      locale={{ emptyText: t('case.deadlines.none') }}
      data-testid="deadlines"
      columns={[
        { title: t('case.col.kind'), dataIndex: 'kind', width: 180, render: (k: string) => label('deadlineKind', k) },
        {
          title: t('case.col.basis'),
          key: 'basis',
          render: (_, d) => (
            <div>
              <div>{d.basis}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {d.length} {label('unit', d.unit)}
                {d.extensionDays ? ` + ${d.extensionDays}` : ''}
                {d.triggerAt ? ` · ${formatDateTime(d.triggerAt)}` : ''}
              </Typography.Text>
            </div>
          ),
        },
        {
          title: t('case.col.dueAt'),
          dataIndex: 'dueAt',
          width: 220,
          render: (v: string, d) => (d.status === 'PENDING' ? <DueDate dueAt={v} now={now} /> : formatDue(v)),
        },
        { title: t('case.col.status'), dataIndex: 'status', width: 100, render: (s: string) => <Tag color={DEADLINE_STATUS_COLOR[s]}>{label('deadlineStatus', s)}</Tag> },
      ]}
    />
  );
}

/** A short line of what an event carried, without personal data (the history holds none). */
function payloadSummary(e: HistoryEntry, label: (g: 'paymentMethod' | 'disputeType', c: string) => string): string | null {
  const p = e.payload ?? {};
  const parts: string[] = [];
  if (typeof p.amountFen === 'number') parts.push(formatFen(p.amountFen));
  if (typeof p.method === 'string') parts.push(label('paymentMethod', p.method));
  if (Array.isArray(p.items)) parts.push(formatFen((p.items as { agreedFen?: number }[]).reduce((s, i) => s + (i.agreedFen ?? 0), 0)));
  for (const k of ['reason', 'rulingNo', 'orderNo', 'lawyerName', 'summary', 'outcome', 'place', 'kind']) {
    if (typeof p[k] === 'string' && p[k]) parts.push(String(p[k]));
  }
  return parts.length ? parts.join(' · ') : null;
}

function TimelineTab({ history }: { history: HistoryEntry[] }) {
  const { t, label } = useI18n();
  if (history.length === 0) return <Empty description={t('case.timeline.none')} />;
  return (
    <Timeline
      data-testid="timeline"
      items={[...history].reverse().map((e) => ({
        key: e.seq,
        color: e.actor?.agency ? 'blue' : 'gray',
        children: (
          <div>
            <Space wrap size={8}>
              <Typography.Text strong>{label('event', e.type)}</Typography.Text>
              <Typography.Text type="secondary">{formatDateTime(e.at)}</Typography.Text>
              <Typography.Text type="secondary">
                {e.actor?.displayName}
                {e.actor?.agency ? ` · ${label('agency', e.actor.agency)}` : ''}
              </Typography.Text>
            </Space>
            {payloadSummary(e, (g, c) => label(g, c)) && <div>{payloadSummary(e, (g, c) => label(g, c))}</div>}
            <Tooltip title={`hash ${e.hash}`}>
              <Typography.Text type="secondary" className="mono" style={{ fontSize: 11 }}>
                #{e.seq} · {e.hash.slice(0, 12)}
              </Typography.Text>
            </Tooltip>
          </div>
        ),
      }))}
    />
  );
}

function ReferralsTab({ referrals, now }: { referrals: ReferralView[]; now: Date }) {
  const { t, label } = useI18n();
  return (
    <Table<ReferralView>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={referrals}
      locale={{ emptyText: t('case.referrals.none') }}
      columns={[
        { title: t('inbox.col.kind'), dataIndex: 'kind', render: (k: string) => label('referralKind', k) },
        { title: t('case.col.from'), key: 'from', render: (_, r) => r.fromOrg.name },
        { title: t('case.col.to'), key: 'to', render: (_, r) => r.toOrg.name },
        { title: t('inbox.col.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
        { title: t('inbox.col.dueAt'), dataIndex: 'dueAt', render: (v: string | null, r) => (v ? r.status === 'PENDING' ? <DueDate dueAt={v} now={now} /> : formatDue(v) : '—') },
        { title: t('inbox.col.status'), dataIndex: 'status', render: (s: string) => <Tag>{label('referralStatus', s)}</Tag> },
      ]}
    />
  );
}

function DocumentsTab({ view }: { view: CaseView }) {
  const { t, label } = useI18n();
  const showError = useShowError();
  const docs = view.documents ?? [];
  if (docs.length === 0) return <Empty description={t('case.documents.none')} />;
  return (
    <List
      bordered
      dataSource={docs}
      data-testid="documents"
      renderItem={(d) => (
        <List.Item
          actions={[
            <Button
              key="pdf"
              icon={<FilePdfOutlined />}
              onClick={() => api.download(`/api/cases/${view.id}/documents/${d.kind}`, `${d.docNo}.pdf`).catch(showError)}
              data-testid={`download-${d.kind}`}
            >
              {t('case.documents.download')}
            </Button>,
          ]}
        >
          <List.Item.Meta title={label('documentKind', d.kind)} description={`${d.docNo} · ${t('case.documents.issuedAt', { at: formatDateTime(d.issuedAt) })}`} />
        </List.Item>
      )}
    />
  );
}

/** Everything about one case, and exactly the events this user may send to it now. */
export function CasePage() {
  const { id = '' } = useParams();
  const { t, label, locale } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const now = useNow();
  const [data, setData] = useState<Loaded>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [event, setEvent] = useState<string | null>(null);
  const [tab, setTab] = useState('parties');

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const [view, history] = await Promise.all([
        api.get<CaseView>(`/api/cases/${encodeURIComponent(id)}`),
        api.get<HistoryEntry[]>(`/api/cases/${encodeURIComponent(id)}/history`).catch(() => [] as HistoryEntry[]),
      ]);
      setData({ view, history });
      setError(undefined);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  if (error && !data) {
    const notFound = error instanceof ApiError && error.status === 404;
    return (
      <Result
        status={notFound ? '404' : 'error'}
        title={notFound ? t('common.notFound') : t('common.loadFailed', { detail: errorText(error) })}
        extra={<Button onClick={() => navigate('/cases')}>{t('case.back')}</Button>}
      />
    );
  }
  if (!data) return <Spin style={{ display: 'block', margin: 48 }} />;
  const v = data.view;
  const tracks = Object.entries(v.tracks ?? {})
    .map(([k, s]) => [k, trackStateLabelOf(k, s, locale)] as const)
    .filter(([, l]) => l !== null);

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="case-page" data-version={v.version}>
      <div className="page-title">
        <Space wrap align="center">
          <Link to="/cases">
            <ArrowLeftOutlined /> {t('case.back')}
          </Link>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="case-no">
            {v.caseNo}
          </Typography.Title>
          <StateTag state={v.state} />
          {tracks.map(([k, l]) => (
            <Tag key={k} color="cyan" data-track={k}>
              {label('track', k)}
              {locale === 'en-US' ? ': ' : '：'}
              {l}
            </Tag>
          ))}
          {v.collective && <Tag color="magenta">{t('case.collective')}</Tag>}
        </Space>
        <Button icon={<ReloadOutlined />} loading={loading} onClick={() => void load().then(() => message.info(t('common.refresh')))}>
          {t('common.refresh')}
        </Button>
      </div>

      <Card title={t('case.actions')} size="small" data-testid="case-actions">
        {v.allowedEvents.length === 0 ? (
          <Typography.Text type="secondary">{t('case.noActions')}</Typography.Text>
        ) : (
          <div className="event-buttons">
            {orderEvents(v.allowedEvents).map(({ type: e, tone }) => (
              <Button key={e} type={tone === 'primary' ? 'primary' : 'default'} danger={tone === 'danger'} onClick={() => setEvent(e)} data-event={e}>
                {label('event', e)}
              </Button>
            ))}
          </div>
        )}
      </Card>

      <Row gutter={[16, 16]}>
        {(
          [
            ['claimed', v.money.claimedFen],
            ['agreed', v.money.agreedFen],
            ['paid', v.money.paidFen],
            ['outstanding', v.money.outstandingFen],
          ] as const
        ).map(([k, fen]) => (
          <Col key={k} xs={12} md={6}>
            <Card size="small" className="stat-card">
              <Statistic title={t(`case.money.${k}`)} value={formatFen(fen)} data-testid={`money-${k}`} valueStyle={k === 'outstanding' && fen > 0 ? { color: '#d46b08' } : undefined} />
            </Card>
          </Col>
        ))}
      </Row>

      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
          <Descriptions.Item label={t('case.region')}>{label('region', v.regionCode)}</Descriptions.Item>
          <Descriptions.Item label={t('case.channel')}>{label('channel', v.channel)}</Descriptions.Item>
          <Descriptions.Item label={t('case.tier')}>{label('tier', v.tier)}</Descriptions.Item>
          <Descriptions.Item label={t('case.openedAt')}>{formatDateTime(v.openedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('case.receivedAt')}>{formatDateTime(v.receivedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('case.disputeTypes')}>{(v.disputeTypes ?? []).map((d) => label('disputeType', d)).join('、') || '—'}</Descriptions.Item>
          {v.closedAt && <Descriptions.Item label={t('case.closedAt')}>{formatDateTime(v.closedAt)}</Descriptions.Item>}
          {v.outcome && <Descriptions.Item label={t('case.outcome')}>{v.outcome}</Descriptions.Item>}
          <Descriptions.Item label={t('case.version')}>
            <span data-testid="case-version">{v.version}</span>
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Card>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'parties', label: t('case.tab.parties'), children: <PartiesTab view={v} /> },
            { key: 'agreement', label: t('case.tab.agreement'), children: <AgreementTab view={v} /> },
            { key: 'deadlines', label: t('case.tab.deadlines'), children: <DeadlinesTab deadlines={v.deadlines} now={now} /> },
            { key: 'timeline', label: t('case.tab.timeline'), children: <TimelineTab history={data.history} /> },
            { key: 'referrals', label: `${t('case.tab.referrals')} (${v.referrals.length})`, children: <ReferralsTab referrals={v.referrals} now={now} /> },
            { key: 'documents', label: `${t('case.tab.documents')} (${v.documents?.length ?? 0})`, children: <DocumentsTab view={v} /> },
            { key: 'diagram', label: t('case.tab.diagram'), children: <WorkflowDiagram state={v.state} tracks={v.tracks ?? {}} /> },
          ]}
        />
      </Card>

      <EventModal
        caseView={v}
        type={event}
        onClose={() => setEvent(null)}
        onDone={(next) => {
          setEvent(null);
          setData((d) => (d ? { ...d, view: next } : d));
          void load();
        }}
        onStale={() => {
          setEvent(null);
          void load();
        }}
        onRefresh={() => void load()}
      />
    </Space>
  );
}
