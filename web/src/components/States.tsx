import { Alert, Button, Result, Spin } from 'antd';
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
  const apiError = error instanceof ApiError ? error : null;
  const status = apiError?.status;
  const message = error instanceof Error ? error.message : String(error);
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

/** An inline message for a failed write. */
export function ErrorAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  return <Alert type="error" showIcon title={message} style={{ marginBottom: 16 }} role="alert" />;
}
