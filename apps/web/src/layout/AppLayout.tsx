import {
  AppstoreOutlined,
  BarChartOutlined,
  BellOutlined,
  FileAddOutlined,
  GlobalOutlined,
  HomeOutlined,
  InboxOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  ProfileOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Badge, Button, Dropdown, Layout, Menu, Space, Tooltip, Typography } from 'antd';
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import { useAuth } from '../auth/AuthProvider';
import { useI18n } from '../i18n/I18nProvider';
import { may, mayViewReports } from '../lib/roles';

interface Unread {
  count: number;
  refresh(): void;
}
const UnreadContext = createContext<Unread>({ count: 0, refresh: () => undefined });
export const useUnread = () => useContext(UnreadContext);

/** The frame of every page: the side menu for the user's roles, the unread count, the language switch. */
export function AppLayout() {
  const { user, logout } = useAuth();
  const { t, locale, setLocale, label } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const [unread, setUnread] = useState(0);

  const refreshUnread = useCallback(() => {
    api
      .get<{ unread: number }>('/api/notifications/unread-count')
      .then((r) => setUnread(r.unread))
      .catch(() => undefined);
  }, []);
  useEffect(() => {
    refreshUnread();
    const id = setInterval(refreshUnread, 30_000);
    return () => clearInterval(id);
  }, [refreshUnread]);
  useEffect(refreshUnread, [location.pathname, refreshUnread]);

  const items = useMemo(() => {
    const list = [{ key: '/', icon: <HomeOutlined />, label: t('menu.home') }];
    if (may(user, 'case.read')) list.push({ key: '/cases', icon: <ProfileOutlined />, label: t('menu.cases') });
    if (may(user, 'case.open')) list.push({ key: '/cases/new', icon: <FileAddOutlined />, label: t('menu.intake') });
    if (may(user, 'referral.inbox')) list.push({ key: '/inbox', icon: <InboxOutlined />, label: t('menu.inbox') });
    if (mayViewReports(user)) list.push({ key: '/dashboard', icon: <BarChartOutlined />, label: t('menu.dashboard') });
    list.push({
      key: '/notifications',
      icon: <BellOutlined />,
      label: t('menu.notifications'),
    });
    return list;
  }, [t, user]);

  const selected = useMemo(() => {
    const p = location.pathname;
    if (p === '/cases/new') return '/cases/new';
    const match = items.map((i) => i.key).filter((k) => k !== '/' && p.startsWith(k)).sort((a, b) => b.length - a.length)[0];
    return match ?? '/';
  }, [items, location.pathname]);

  const roles = user?.roles.map((r) => label('role', r)).join('、') ?? '';

  return (
    <UnreadContext.Provider value={{ count: unread, refresh: refreshUnread }}>
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Sider collapsible collapsed={collapsed} trigger={null} width={208} theme="dark">
          <div className="brand" onClick={() => navigate('/')}>
            <AppstoreOutlined style={{ fontSize: 20 }} />
            {!collapsed && <span>{t('app.brand')}</span>}
          </div>
          <Menu theme="dark" mode="inline" selectedKeys={[selected]} items={items} onClick={(e) => navigate(e.key)} data-testid="side-menu" />
        </Layout.Sider>
        <Layout>
          <Layout.Header className="app-header">
            <Button
              type="text"
              icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              onClick={() => setCollapsed(!collapsed)}
              aria-label="menu"
            />
            <Typography.Text type="secondary" ellipsis className="header-org">
              {user?.orgName}
            </Typography.Text>
            <Space size="middle">
              <Tooltip title={t('notifications.badge', { n: unread })}>
                <Badge count={unread} size="small" data-testid="unread-badge">
                  <Button type="text" icon={<BellOutlined />} onClick={() => navigate('/notifications')} aria-label={t('menu.notifications')} />
                </Badge>
              </Tooltip>
              <Button
                icon={<GlobalOutlined />}
                onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}
                data-testid="lang-switch"
              >
                {t('lang.switch')}
              </Button>
              <Dropdown
                menu={{
                  items: [
                    { key: 'roles', label: roles, disabled: true },
                    { type: 'divider' },
                    { key: 'logout', icon: <LogoutOutlined />, label: t('menu.logout') },
                  ],
                  onClick: async (e) => {
                    if (e.key === 'logout') {
                      await logout();
                      navigate('/login');
                    }
                  },
                }}
              >
                <Button type="text" icon={<UserOutlined />} data-testid="user-menu">
                  {user?.displayName}
                </Button>
              </Dropdown>
            </Space>
          </Layout.Header>
          <Layout.Content className="app-content">
            <Outlet />
          </Layout.Content>
        </Layout>
      </Layout>
    </UnreadContext.Provider>
  );
}
