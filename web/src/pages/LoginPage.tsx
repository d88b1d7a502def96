import { useState } from 'react';
import { Alert, Button, Form, Input } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, ApiError, setCsrfToken } from '../api/client.ts';
import type { Session } from '../api/types.ts';
import { ME_KEY } from '../auth/session.ts';
import { LanguageSwitch } from '../layout/LanguageSwitch.tsx';
import { safeNext, TOTP_PATTERN } from '../lib/validation.ts';

interface Credentials {
  username: string;
  password: string;
}

export default function LoginPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<'password' | 'totp'>('password');
  const [credentials, setCredentials] = useState<Credentials | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function signIn(body: Credentials & { totp?: string }) {
    setBusy(true);
    setError(null);
    try {
      const session = await api<Session>('/auth/login', { method: 'POST', body, noRedirect: true });
      setCsrfToken(session.csrfToken);
      if (session.user.locale && session.user.locale !== i18n.language) void i18n.changeLanguage(session.user.locale);
      queryClient.clear();
      queryClient.setQueryData(ME_KEY, session);
      void navigate(safeNext(params.get('next')), { replace: true });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'totp_required') {
        setCredentials({ username: body.username, password: body.password });
        setStep('totp');
      } else {
        setError(e instanceof Error ? e.message : String(e));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f5f5f5' }}>
      <main style={{ width: 380, maxWidth: '100%', padding: 16 }}>
        <div style={{ display: 'flex', justifyContent: 'flex-end', marginBottom: 12 }}>
          <LanguageSwitch />
        </div>
        <div style={{ background: '#fff', borderRadius: 8, padding: 24, border: '1px solid #f0f0f0' }}>
          <h1 style={{ fontSize: 24, marginTop: 0, fontWeight: 600 }}>{t('app.name')}</h1>
          <p>{step === 'password' ? t('auth.signInPrompt') : t('auth.totpPrompt')}</p>
          {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" data-testid="login-error" /> : null}
          {step === 'password' ? (
            <Form<Credentials> layout="vertical" onFinish={(v) => void signIn(v)} requiredMark={false} validateTrigger="onChange">
              <Form.Item label={t('auth.username')} name="username" rules={[{ required: true, message: t('validation.required') }]}>
                <Input autoComplete="username" autoFocus />
              </Form.Item>
              <Form.Item label={t('auth.password')} name="password" rules={[{ required: true, message: t('validation.required') }]}>
                <Input.Password autoComplete="current-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={busy}>
                {t('auth.signIn')}
              </Button>
            </Form>
          ) : (
            <Form<{ totp: string }>
              layout="vertical"
              requiredMark={false}
              onFinish={(v) => credentials && void signIn({ ...credentials, totp: v.totp })}
            >
              <Form.Item
                label={t('auth.totpCode')}
                name="totp"
                rules={[
                  { required: true, message: t('validation.required') },
                  { pattern: TOTP_PATTERN, message: t('validation.totp') },
                ]}
              >
                <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={busy}>
                {t('auth.verify')}
              </Button>
              <Button
                type="link"
                block
                onClick={() => {
                  setStep('password');
                  setCredentials(null);
                  setError(null);
                }}
              >
                {t('common.back')}
              </Button>
            </Form>
          )}
        </div>
      </main>
    </div>
  );
}
