import { useState } from 'react';
import { Alert, Button, Card, Input, Space, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { ScanResult } from '../../api/secrecy.ts';
import { ErrorAlert } from '../../components/States.tsx';

const EXAMPLES = ['机密★20年', '秘密★6个月', '绝密★长期', '机密★2027年12月31日', '秘密★会议开始前'];

/**
 * Reads a state-secret mark. The API has no endpoint that parses a mark on its own, so this asks the
 * draft scanner, which parses every ★ mark it finds and describes it (level and period) in the reason.
 */
export function MarkChecker() {
  const { t } = useTranslation();
  const [mark, setMark] = useState('');
  const check = useMutation({
    mutationFn: (text: string) => api<ScanResult>('/secrecy/review', { method: 'POST', body: { text } }),
  });
  const found = check.data?.findings.find((f) => f.kind === 'mark');
  const whole = found && found.start === 0 && found.end === (check.variables ?? '').length;
  const described = found ? /^A state-secret mark \((.*)\)\. /.exec(found.reason)?.[1] : undefined;
  return (
    <Card size="small" title={t('secrecy.marks.checker')} style={{ marginTop: 16 }} data-testid="mark-checker">
      <Typography.Paragraph type="secondary">{t('secrecy.marks.hint')}</Typography.Paragraph>
      <Space.Compact style={{ width: '100%', maxWidth: 520 }}>
        <Input
          aria-label={t('secrecy.marks.mark')}
          value={mark}
          onChange={(e) => setMark(e.target.value)}
          onPressEnter={() => mark.trim() && check.mutate(mark.trim())}
          placeholder="机密★20年"
          data-testid="mark-input"
        />
        <Button onClick={() => check.mutate(mark.trim())} disabled={!mark.trim()} loading={check.isPending} data-testid="mark-check">
          {t('secrecy.marks.check')}
        </Button>
      </Space.Compact>
      <div style={{ marginTop: 8 }}>
        <Space wrap size={4}>
          {EXAMPLES.map((x) => (
            <Button
              key={x}
              size="small"
              type="dashed"
              onClick={() => {
                setMark(x);
                check.mutate(x);
              }}
            >
              {x}
            </Button>
          ))}
        </Space>
      </div>
      <div style={{ marginTop: 12 }} data-testid="mark-result" aria-live="polite">
        <ErrorAlert error={check.error} />
        {check.isSuccess ? (
          found && described ? (
            <Alert
              type={whole ? 'success' : 'warning'}
              showIcon
              title={`${found.excerpt}: ${described}`}
              description={whole ? t('secrecy.marks.endDateNote') : t('secrecy.marks.partial', { rest: (check.variables ?? '').slice(found.end) })}
            />
          ) : found ? (
            <Alert type="error" showIcon title={t('secrecy.marks.invalid')} description={found.reason} />
          ) : (
            <Alert type="info" showIcon title={t('secrecy.marks.none')} />
          )
        ) : null}
      </div>
    </Card>
  );
}
