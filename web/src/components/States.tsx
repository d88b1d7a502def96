import { Alert, Button, Result, Spin } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';

export function Loading() {
  const { t } = useTranslation();
  return (
    <div style={{ padding: 48, textAlign: 'center' }} role="status" aria-live="polite">
      <Spin />
      <div style={{ marginTop: 8 }}>{t('common.loading')}</div>
    </div>
  );
}

/** A failed query as a full-page result: 404 and 403 get their own look with the API's message. */
export function ErrorResult({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const text = useErrorText();
  const apiError = error instanceof ApiError ? error : null;
  const status = apiError?.status;
  const message = text(error);
  if (status === 404) {
    return <Result status="404" title={t('errors.notFoundTitle')} subTitle={message} />;
  }
  if (status === 403) {
    return <Result status="403" title={t('errors.forbiddenTitle')} subTitle={message} />;
  }
  return (
    <Result
      status="error"
      title={t('errors.loadFailed')}
      subTitle={message}
      extra={onRetry ? <Button onClick={onRetry}>{t('common.retry')}</Button> : undefined}
    />
  );
}

/**
 * The text of a failed request: the catalogue's text for the server's code when the catalogue has
 * one (errorCodes.<code>, with the error's details and params as parameters), else the server's
 * message, which the server already words in the page's language (Accept-Language).
 */
export function useErrorText() {
  const { t, i18n } = useTranslation();
  return (error: unknown): string => {
    if (error instanceof ApiError && i18n.exists(`errorCodes.${error.code}`)) {
      const details = error.details && typeof error.details === 'object' ? (error.details as Record<string, unknown>) : {};
      return t(`errorCodes.${error.code}`, { ...details, ...error.params });
    }
    return error instanceof Error ? error.message : String(error);
  };
}

/** An inline message for a failed write. */
export function ErrorAlert({ error, style }: { error: unknown; style?: CSSProperties }) {
  const text = useErrorText();
  if (!error) return null;
  return <Alert type="error" showIcon title={text(error)} style={{ marginBottom: 16, ...style }} role="alert" />;
}
