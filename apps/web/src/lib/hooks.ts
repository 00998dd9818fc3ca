import { App } from 'antd';
import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { ApiError } from '../api/client';
import { useI18n } from '../i18n/I18nProvider';

/** A plain-language sentence for an API failure, in the current language. */
export function useErrorText(): (e: unknown) => string {
  const { t } = useI18n();
  return useCallback(
    (e: unknown) => {
      if (!(e instanceof ApiError)) return String((e as Error)?.message ?? e);
      if (e.status === 0) return t('common.networkError');
      if (e.status === 401) return t('common.sessionExpired');
      if (e.status === 403) return t('common.forbidden');
      if (e.status === 404) return t('common.notFound');
      if (e.status >= 500) return t('common.serverError');
      if (e.fieldErrors.length > 0) return e.fieldErrors.map((f) => `${f.field}: ${f.message}`).join('; ');
      return e.problem.detail ?? e.problem.title ?? `HTTP ${e.status}`;
    },
    [t],
  );
}

/** Shows an API failure as a message toast. */
export function useShowError(): (e: unknown) => void {
  const { message } = App.useApp();
  const text = useErrorText();
  return useCallback((e: unknown) => void message.error(text(e)), [message, text]);
}

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): Promise<void>;
}

/** Loads data when `deps` change; a stale answer (deps changed meanwhile) is dropped. */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const reload = useCallback(async () => {
    const mine = ++generation.current;
    setLoading(true);
    try {
      const value = await loadRef.current();
      if (mine === generation.current) {
        setData(value);
        setError(undefined);
      }
    } catch (e) {
      if (mine === generation.current) setError(e);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, []);
  useEffect(() => {
    void reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return { data, error, loading, reload };
}

/** Now, re-read every minute, so days-left and overdue colours stay true on a screen left open. */
export function useNow(everyMs = 60_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}
