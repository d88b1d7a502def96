import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Empty, Form, Input, Select, Space, Statistic, Table, Tabs, Tag, TreeSelect, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState.tsx';
import { useSearchParams } from 'react-router';
import { api, withQuery } from '../../api/client.ts';
import { useAllUnits } from '../../api/org.ts';
import type { Board, Letter, LetterTemplate } from '../../api/secrecy.ts';
import { useMe } from '../../auth/useMe.ts';
import { PersonSelect } from '../../components/PersonSelect.tsx';
import { ErrorAlert, ErrorResult, Loading } from '../../components/States.tsx';
import { can } from '../../layout/nav.ts';
import { formatDateTime, readerLang } from '../../lib/format.ts';
import { buildUnitTree } from '../../lib/unitTree.ts';
import { unitOptions } from '../../lib/unitSelect.ts';
import { TOTP_PATTERN } from '../../lib/validation.ts';
import { PageTitle, yearOptions } from './common.tsx';
import { FormModal } from '../../components/FormModal.tsx';

export default function LettersPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params] = useSearchParams();
  const items = [
    { key: 'mine', label: t('secrecy.letters.mine'), children: <MyLetters /> },
    ...(can(me.permissions, 'secrecy.read') ? [{ key: 'board', label: t('secrecy.letters.board'), children: <BoardTab /> }] : []),
    ...(can(me.permissions, 'secrecy.manage') ? [{ key: 'templates', label: t('secrecy.letters.templates'), children: <TemplatesTab /> }] : []),
  ];
  return (
    <>
      <PageTitle>{t('nav.secrecyLetters')}</PageTitle>
      <Tabs items={items} destroyOnHidden defaultActiveKey={yearAsked(params) && items.some((i) => i.key === 'board') ? 'board' : undefined} />
    </>
  );
}

function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return status === 'signed' ? (
    <Tag style={{ color: '#135200', background: '#f6ffed', borderColor: '#95de64' }}>{t('secrecy.letters.signed')}</Tag>
  ) : (
    <Tag style={{ color: '#873800', background: '#fff7e6', borderColor: '#ffc069' }}>{t('secrecy.letters.unsigned')}</Tag>
  );
}

function MyLetters() {
  const { t } = useTranslation();
  const [signing, setSigning] = useState<Letter | null>(null);
  const letters = useQuery({ queryKey: ['secrecy', 'letters', 'mine'], queryFn: () => api<{ items: Letter[] }>('/secrecy/letters/mine') });
  if (letters.isPending) return <Loading />;
  if (letters.isError) return <ErrorResult error={letters.error} onRetry={() => void letters.refetch()} />;
  if (letters.data.items.length === 0) return <Empty description={t('secrecy.letters.noneMine')} />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {letters.data.items.map((l) => (
        <Card
          key={l.id}
          size="small"
          data-testid="my-letter"
          title={
            <Space>
              {l.year} · {l.template.title} <StatusTag status={l.status} />
            </Space>
          }
          extra={
            l.status === 'issued' ? (
              <Button type="primary" onClick={() => setSigning(l)} data-testid="sign-letter">
                {t('secrecy.letters.sign')}
              </Button>
            ) : (
              <span>{t('secrecy.letters.signedAt', { when: formatDateTime(l.signedAt) })}</span>
            )
          }
        >
          <div className="letter-text" tabIndex={0}>{l.template.text}</div>
          <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
            {t('secrecy.letters.role')}: {t(`secrecy.letters.roles.${l.role}`, { defaultValue: l.role })} · {t('secrecy.letters.version')} {l.template.version} · SHA-256 <code>{(l.signedHash ?? l.template.hash).slice(0, 16)}…</code>
          </Typography.Text>
        </Card>
      ))}
      <SignModal letter={signing} onClose={() => setSigning(null)} />
    </Space>
  );
}

function SignModal({ letter, onClose }: { letter: Letter | null; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ password: string; totp?: string }>();
  const sign = useMutation({
    mutationFn: (v: { password: string; totp?: string }) => api<Letter>(`/secrecy/letters/${letter?.id}/sign`, { method: 'POST', body: { password: v.password, totp: v.totp || undefined } }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['secrecy', 'letters'] });
      onClose();
    },
  });
  return (
    <FormModal
      open={!!letter}
      title={t('secrecy.letters.signTitle', { year: letter?.year })}
      name="signLetter"
      submit={sign}
      onClose={onClose}
      form={form}
      okText={t('secrecy.letters.sign')}
      intro={<Alert type="info" showIcon title={t('secrecy.letters.signNote')} style={{ marginBottom: 12 }} />}
    >
      <Form.Item name="password" label={t('secrecy.letters.password')} rules={[{ required: true, message: t('secrecy.letters.passwordRequired') }]}>
        <Input.Password autoComplete="current-password" data-testid="sign-password" />
      </Form.Item>
      {me.totpEnabled ? (
        <Form.Item name="totp" label={t('secrecy.letters.totp')} rules={[{ required: true, pattern: TOTP_PATTERN, message: t('secrecy.letters.totpRequired') }]}>
          <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} data-testid="sign-totp" />
        </Form.Item>
      ) : null}
    </FormModal>
  );
}

/** A year given in the address (?year=, as the assessment dashboard links), or null. */
function yearAsked(params: URLSearchParams): number | null {
  const y = Number(params.get('year'));
  return y >= 2000 && y <= 2100 ? y : null;
}

function BoardTab() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [year, setYear] = useState(yearAsked(params) ?? new Date().getFullYear());
  const board = useQuery({ queryKey: ['secrecy', 'letters', 'board', year], queryFn: () => api<Board>('/secrecy/letters/board', { query: { year } }) });
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select aria-label={t('secrecy.year')} style={{ width: 110 }} value={year} onChange={setYear} options={yearOptions()} />
        <Button href={withQuery('/api/secrecy/letters/board/export', { year, format: 'xlsx', lang: readerLang() })} data-testid="board-export">
          {t('common.exportXlsx')}
        </Button>
      </Space>
      {board.isError ? (
        <ErrorResult error={board.error} onRetry={() => void board.refetch()} />
      ) : (
        <>
          <Space size="large" style={{ marginBottom: 16 }} data-testid="board-counts">
            <Statistic title={t('secrecy.letters.issued')} value={board.data?.issued ?? 0} />
            <Statistic title={t('secrecy.letters.signed')} value={board.data?.signed ?? 0} />
            <Statistic title={t('secrecy.letters.unsigned')} value={board.data?.unsigned ?? 0} />
          </Space>
          <Table
            rowKey="letterId"
            size="small"
            data-testid="letters-board"
            loading={board.isPending}
            dataSource={board.data?.items ?? []}
            pagination={false}
            locale={{ emptyText: <EmptyState purpose={t('firstSteps.lettersBoard.purpose')} firstStep={t('firstSteps.lettersBoard.first')} /> }}
            columns={[
              { title: t('secrecy.person'), dataIndex: 'personName' },
              { title: t('secrecy.letters.role'), dataIndex: 'role', render: (v: string) => t(`secrecy.letters.roles.${v}`, { defaultValue: v }) },
              { title: t('secrecy.unit'), dataIndex: 'unitName', render: (v: string | null, r) => (r.unitHidden ? t('secrecy.hiddenUnit') : v || '—') },
              { title: t('secrecy.status'), dataIndex: 'status', render: (v: string) => <StatusTag status={v} /> },
              { title: t('secrecy.letters.issuedAt'), dataIndex: 'issuedAt', render: formatDateTime },
              { title: t('secrecy.letters.signedAtCol'), dataIndex: 'signedAt', render: (v: string | null) => (v ? formatDateTime(v) : '—') },
              { title: t('secrecy.letters.version'), dataIndex: 'templateVersion' },
            ]}
          />
        </>
      )}
    </>
  );
}

function TemplatesTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [year, setYear] = useState(new Date().getFullYear());
  const [form] = Form.useForm<{ year: number; title: string; text: string }>();
  const [issueForm] = Form.useForm<{ unitHeads: { personId?: string; unitId?: string }[] }>();
  const units = useAllUnits();
  const treeData = useMemo(() => unitOptions(buildUnitTree(units.data?.items ?? [])), [units.data]);
  const templates = useQuery({ queryKey: ['secrecy', 'letter-templates', year], queryFn: () => api<{ items: LetterTemplate[] }>('/secrecy/letter-templates', { query: { year } }) });
  const create = useMutation({
    mutationFn: (v: { year: number; title: string; text: string }) => api<LetterTemplate>('/secrecy/letter-templates', { method: 'POST', body: v }),
    onSuccess: () => {
      form.resetFields(['title', 'text']);
      void queryClient.invalidateQueries({ queryKey: ['secrecy', 'letter-templates'] });
    },
  });
  const issue = useMutation({
    mutationFn: (v: { unitHeads?: { personId?: string; unitId?: string }[] }) =>
      api<{ issued: number; reissued: number; alreadySigned: number; templateVersion: number }>('/secrecy/letters/issue', { method: 'POST', body: { year, unitHeads: (v.unitHeads ?? []).filter((u) => u.personId && u.unitId) } }),
    onSuccess: (r) => {
      void message.success(t('secrecy.letters.issuedResult', { issued: r.issued, reissued: r.reissued, alreadySigned: r.alreadySigned, version: r.templateVersion }));
      void queryClient.invalidateQueries({ queryKey: ['secrecy', 'letters'] });
    },
  });
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Select aria-label={t('secrecy.year')} style={{ width: 110 }} value={year} onChange={setYear} options={yearOptions()} />
      <Card size="small" title={t('secrecy.letters.templatesOf', { year })}>
        {templates.isError ? (
          <ErrorResult error={templates.error} />
        ) : (
          <Table
            rowKey="id"
            size="small"
            loading={templates.isPending}
            dataSource={templates.data?.items ?? []}
            pagination={false}
            locale={{ emptyText: <EmptyState purpose={t('firstSteps.letterTemplates.purpose')} firstStep={t('firstSteps.letterTemplates.first')} /> }}
            expandable={{ expandedRowRender: (x: LetterTemplate) => <div className="letter-text">{x.text}</div> }}
            columns={[
              { title: t('secrecy.letters.version'), dataIndex: 'version' },
              { title: t('secrecy.letters.templateTitle'), dataIndex: 'title' },
              { title: 'SHA-256', dataIndex: 'hash', render: (v: string) => <code>{v.slice(0, 16)}…</code> },
              { title: t('common.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
            ]}
          />
        )}
      </Card>
      <Card size="small" title={t('secrecy.letters.newTemplate')}>
        <ErrorAlert error={create.error} />
        <Form form={form} layout="vertical" name="letterTemplate" initialValues={{ year }} onFinish={(v) => create.mutate({ ...v, year })}>
          <Form.Item name="title" label={t('secrecy.letters.templateTitle')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 200 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="text" label={t('secrecy.letters.templateText')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 50000 }]}>
            <Input.TextArea rows={6} />
          </Form.Item>
          <Button htmlType="submit" loading={create.isPending}>
            {t('secrecy.letters.saveTemplate', { year })}
          </Button>
        </Form>
      </Card>
      <Card size="small" title={t('secrecy.letters.issueTitle', { year })}>
        <Typography.Paragraph type="secondary">{t('secrecy.letters.issueHint')}</Typography.Paragraph>
        <ErrorAlert error={issue.error} />
        <Form form={issueForm} layout="vertical" name="issueLetters" onFinish={(v) => issue.mutate(v)}>
          <Form.List name="unitHeads">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Space key={field.key} align="baseline" wrap>
                    <Form.Item name={[field.name, 'personId']} label={t('secrecy.letters.unitHead')} rules={[{ required: true, message: t('validation.required') }]}>
                      <PersonSelect style={{ width: 220 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'unitId']} label={t('secrecy.unit')} rules={[{ required: true, message: t('validation.required') }]}>
                      <TreeSelect style={{ width: 260 }} treeData={treeData} showSearch={{ treeNodeFilterProp: 'title' }} />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(field.name)} aria-label={t('common.delete')} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} style={{ marginBottom: 12 }}>
                  {t('secrecy.letters.addUnitHead')}
                </Button>
              </>
            )}
          </Form.List>
          <div>
            <Button type="primary" htmlType="submit" loading={issue.isPending} data-testid="issue-letters">
              {t('secrecy.letters.issue', { year })}
            </Button>
          </div>
        </Form>
      </Card>
    </Space>
  );
}

