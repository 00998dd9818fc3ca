import { CheckOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Card, List, Space, Switch, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../api/client';
import type { NotificationItem, Page } from '../api/types';
import { useI18n } from '../i18n/I18nProvider';
import { useUnread } from '../layout/AppLayout';
import { useErrorText, useLoad, useShowError } from '../lib/hooks';
import { formatDateTime } from '../lib/time';

/** The user's in-app messages (reminders, overdue alerts, referrals), newest first, with the unread count. */
export function NotificationsPage() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const showError = useShowError();
  const unread = useUnread();
  const [params, setParams] = useSearchParams();
  const unreadOnly = params.get('unread') === 'true';
  const page = Number(params.get('page') ?? 1);
  const query = `unread=${unreadOnly}&page=${page}&pageSize=20`;
  const { data, loading, error, reload } = useLoad(() => api.get<Page<NotificationItem> & { unread: number }>(`/api/notifications?${query}`), [query]);

  const markRead = async (n: NotificationItem) => {
    try {
      await api.post(`/api/notifications/${n.id}/read`);
      await reload();
      unread.refresh();
    } catch (e) {
      showError(e);
    }
  };

  return (
    <>
      <div className="page-title">
        <Space align="center">
          <Typography.Title level={3}>{t('notifications.title')}</Typography.Title>
          <Badge count={data?.unread ?? unread.count} showZero color={(data?.unread ?? unread.count) > 0 ? 'red' : 'gray'} data-testid="notifications-unread" />
        </Space>
        <Space>
          <Switch
            checked={unreadOnly}
            onChange={(v) => {
              const next = new URLSearchParams(params);
              if (v) next.set('unread', 'true');
              else next.delete('unread');
              next.delete('page');
              setParams(next, { replace: true });
            }}
          />
          <span>{t('notifications.unreadOnly')}</span>
        </Space>
      </div>
      <Card>
        {error !== undefined && <Alert type="error" showIcon title={t('common.loadFailed', { detail: errorText(error) })} style={{ marginBottom: 12 }} />}
        <List<NotificationItem>
          loading={loading}
          dataSource={data?.items ?? []}
          locale={{ emptyText: t('notifications.empty') }}
          pagination={
            (data?.total ?? 0) > 20
              ? {
                  current: page,
                  pageSize: 20,
                  total: data?.total,
                  onChange: (p) => {
                    const next = new URLSearchParams(params);
                    next.set('page', String(p));
                    setParams(next, { replace: true });
                  },
                }
              : false
          }
          renderItem={(n) => (
            <List.Item
              data-testid="notification"
              actions={[
                n.caseId ? (
                  <Link key="case" to={`/cases/${n.caseId}`}>
                    {t('notifications.openCase')}
                  </Link>
                ) : null,
                n.readAt ? null : (
                  <Button key="read" size="small" icon={<CheckOutlined />} onClick={() => void markRead(n)}>
                    {t('notifications.markRead')}
                  </Button>
                ),
              ].filter(Boolean)}
            >
              <List.Item.Meta
                title={
                  <Space wrap>
                    {!n.readAt && <Badge status="processing" />}
                    <Typography.Text strong={!n.readAt}>{n.subject}</Typography.Text>
                    <Tag color={n.readAt ? 'default' : 'blue'}>{n.readAt ? t('notifications.read') : t('notifications.unread')}</Tag>
                  </Space>
                }
                description={
                  <>
                    <div style={{ whiteSpace: 'pre-wrap' }}>{n.body}</div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatDateTime(n.createdAt)}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      </Card>
    </>
  );
}
