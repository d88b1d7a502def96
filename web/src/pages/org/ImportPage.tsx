import { useMemo, useState } from 'react';
import { Alert, Button, Card, Empty, Input, Radio, Space, Table, Tag, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client.ts';
import type { ImportResult } from '../../api/types.ts';
import { ErrorAlert } from '../../components/States.tsx';

const OK_STYLE = { color: '#135200', background: '#f6ffed', borderColor: '#95de64' };
type Kind = 'units' | 'people' | 'positions';
type RowError = ImportResult['errors'][number];

export default function ImportPage() {
  const { t, i18n } = useTranslation();
  // A row's problem in the page's language (the server words it in both).
  const problemText = (e: { message: string; messageZh?: string }) => (i18n.language.toLowerCase().startsWith('zh') && e.messageZh ? e.messageZh : e.message);
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<Kind>('units');
  const [csv, setCsv] = useState('');
  const [result, setResult] = useState<ImportResult | null>(null);
  const run = useMutation({
    mutationFn: (dryRun: boolean) => api<ImportResult>(`/import/${kind}`, { method: 'POST', body: { csv, dryRun } }),
    onSuccess: async (r) => {
      setResult(r);
      if (!r.dryRun) await queryClient.invalidateQueries();
    },
    onError: (e) => {
      // A refused import carries the rows and errors in details; show them like a preview.
      if (e instanceof ApiError && e.code === 'import_rejected') {
        const d = e.details as { errors?: RowError[]; rows?: ImportResult['rows'] } | undefined;
        setResult({ kind, dryRun: false, rows: d?.rows ?? [], created: 0, errors: d?.errors ?? [] });
      }
    },
  });

  const columns = useMemo(() => {
    const keys = new Set<string>();
    for (const r of result?.rows ?? []) for (const k of Object.keys(r.values)) keys.add(k);
    return [...keys];
  }, [result]);
  const errorsByRow = useMemo(() => {
    const map = new Map<number, RowError[]>();
    for (const e of result?.errors ?? []) map.set(e.row, [...(map.get(e.row) ?? []), e]);
    return map;
  }, [result]);

  const reset = () => {
    setResult(null);
    run.reset();
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        {t('import.title')}
      </Typography.Title>
      <Card>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <span id="import-kind-label">{t('import.kind')}</span>
            <Radio.Group
              aria-labelledby="import-kind-label"
              value={kind}
              onChange={(e) => {
                setKind(e.target.value as Kind);
                reset();
              }}
              optionType="button"
              options={(['units', 'people', 'positions'] as const).map((k) => ({ value: k, label: t(`import.kinds.${k}`) }))}
            />
            <a href={`/api/import/${kind}/template`} download={`remit-${kind}-template.csv`} data-testid="import-template">
              {t('import.template')}
            </a>
          </Space>
          <Upload
            accept=".csv,text/csv"
            showUploadList={false}
            beforeUpload={(file) => {
              void file.text().then((text) => {
                setCsv(text);
                reset();
              });
              return false;
            }}
          >
            <Button icon={<UploadOutlined />}>{t('import.pickFile')}</Button>
          </Upload>
          <Input.TextArea
            aria-label={t('import.paste')}
            placeholder={t('import.paste')}
            rows={8}
            value={csv}
            onChange={(e) => {
              setCsv(e.target.value);
              setResult(null);
            }}
            style={{ fontFamily: 'monospace' }}
            data-testid="import-csv"
          />
          <Space>
            <Button onClick={() => run.mutate(true)} loading={run.isPending && run.variables} disabled={!csv.trim()} data-testid="import-preview">
              {t('import.preview')}
            </Button>
            <Button
              type="primary"
              onClick={() => run.mutate(false)}
              loading={run.isPending && !run.variables}
              disabled={!csv.trim()}
              data-testid="import-commit"
            >
              {t('import.commit')}
            </Button>
          </Space>
        </Space>
      </Card>
      {run.error && !(run.error instanceof ApiError && run.error.code === 'import_rejected') ? <ErrorAlert error={run.error} /> : null}
      {result ? (
        <Card title={result.dryRun ? t('import.previewTitle') : t('import.resultTitle')}>
          {result.errors.length > 0 ? (
            <Alert
              type="error"
              showIcon
              role="alert"
              style={{ marginBottom: 16 }}
              title={result.dryRun ? t('import.hasErrors', { count: result.errors.length }) : t('import.rejected', { count: result.errors.length })}
              data-testid="import-errors"
            />
          ) : result.dryRun ? (
            <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('import.ready', { count: result.rows.length })} />
          ) : (
            <Alert type="success" showIcon style={{ marginBottom: 16 }} title={t('import.done', { count: result.created })} data-testid="import-done" />
          )}
          <Table
            rowKey="row"
            size="small"
            scroll={{ x: true }}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            dataSource={result.rows}
            locale={{ emptyText: <Empty description={t('import.noRows')} /> }}
            rowClassName={(r) => (errorsByRow.has(r.row) ? 'import-row-error' : '')}
            columns={[
              { title: t('import.row'), dataIndex: 'row', width: 60 },
              ...columns.map((c) => ({ title: c, key: c, render: (_: unknown, r: ImportResult['rows'][number]) => r.values[c] ?? '' })),
              {
                title: t('import.errors'),
                key: 'errors',
                render: (_: unknown, r: ImportResult['rows'][number]) =>
                  errorsByRow.get(r.row)?.map((e, i) => (
                    <div key={i} data-testid="row-error">
                      <Tag color="error">{e.column ?? t('import.rowLevel')}</Tag>
                      <span style={{ color: '#a8071a' }}>{problemText(e)}</span>
                    </div>
                  )) ?? <Tag style={OK_STYLE}>{t('import.ok')}</Tag>,
              },
            ]}
          />
          {[...errorsByRow.keys()].filter((row) => !result.rows.some((r) => r.row === row)).length > 0 ? (
            <ul>
              {(result.errors ?? [])
                .filter((e) => !result.rows.some((r) => r.row === e.row))
                .map((e, i) => (
                  <li key={i} data-testid="row-error">
                    {t('import.row')} {e.row}: {e.column ? `${e.column} — ` : ''}
                    {problemText(e)}
                  </li>
                ))}
            </ul>
          ) : null}
        </Card>
      ) : null}
    </Space>
  );
}
