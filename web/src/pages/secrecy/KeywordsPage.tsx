import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, Empty, Form, Input, Popconfirm, Row, Space, Switch, Table, Typography, Upload } from 'antd';
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client.ts';
import type { Keyword, KeywordList, KeywordsResult } from '../../api/secrecy.ts';
import { useMe } from '../../auth/useMe.ts';
import { ErrorAlert, ErrorResult } from '../../components/States.tsx';
import { can } from '../../layout/nav.ts';
import { formatDateTime } from '../../lib/format.ts';
import { parseTerms } from '../../lib/findings.ts';
import { PageTitle } from './common.tsx';
import { FormModal } from '../../components/FormModal.tsx';

export default function KeywordsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const writable = can(me.permissions, 'secrecy.keywords');
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const lists = useQuery({ queryKey: ['secrecy', 'keyword-lists'], queryFn: () => api<Page<KeywordList>>('/secrecy/keyword-lists', { query: { pageSize: 200 } }) });
  const toggle = useMutation({
    mutationFn: (l: KeywordList) => api(`/secrecy/keyword-lists/${l.id}`, { method: 'PATCH', body: { active: !l.active } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['secrecy', 'keyword-lists'] }),
  });
  const current = lists.data?.items.find((l) => l.id === selected) ?? null;
  return (
    <>
      <PageTitle
        extra={
          writable ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-keyword-list">
              {t('secrecy.keywords.newList')}
            </Button>
          ) : null
        }
      >
        {t('nav.secrecyKeywords')}
      </PageTitle>
      {lists.isError ? (
        <ErrorResult error={lists.error} onRetry={() => void lists.refetch()} />
      ) : (
        <Row gutter={16}>
          <Col xs={24} lg={10}>
            <Card size="small" title={t('secrecy.keywords.lists')}>
              <ErrorAlert error={toggle.error} />
              <Table<KeywordList>
                rowKey="id"
                size="small"
                loading={lists.isPending}
                dataSource={lists.data?.items ?? []}
                pagination={false}
                locale={{ emptyText: <Empty description={t('secrecy.keywords.noLists')} /> }}
                rowClassName={(l) => (l.id === selected ? 'ant-table-row-selected' : '')}
                columns={[
                  {
                    title: t('secrecy.keywords.name'),
                    dataIndex: 'name',
                    render: (v: string, l) => (
                      <button type="button" className="link-button" style={{ color: '#0958d9' }} onClick={() => setSelected(l.id)}>
                        {v}
                      </button>
                    ),
                  },
                  { title: t('secrecy.keywords.terms'), dataIndex: 'termCount' },
                  {
                    title: t('secrecy.keywords.active'),
                    dataIndex: 'active',
                    render: (v: boolean, l) => <Switch size="small" checked={v} disabled={!writable} loading={toggle.isPending && toggle.variables?.id === l.id} onChange={() => toggle.mutate(l)} aria-label={`${t('secrecy.keywords.active')}: ${l.name}`} />,
                  },
                  { title: t('common.updatedAt'), dataIndex: 'updatedAt', render: formatDateTime },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} lg={14}>
            {current ? <ListDetail list={current} writable={writable} onDeleted={() => setSelected(null)} /> : <Card size="small"><Empty description={t('secrecy.keywords.pickList')} /></Card>}
          </Col>
        </Row>
      )}
      <NewListModal open={creating} onClose={() => setCreating(false)} onCreated={(id) => setSelected(id)} />
    </>
  );
}

function NewListModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string; description?: string; terms?: string }>();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: (v: { name: string; description?: string; terms?: string }) =>
      api<KeywordList>('/secrecy/keyword-lists', { method: 'POST', body: { name: v.name, description: v.description || null, active: true, terms: parseTerms(v.terms ?? '') } }),
    onSuccess: async (list) => {
      await queryClient.invalidateQueries({ queryKey: ['secrecy', 'keyword-lists'] });
      onCreated(list.id);
      onClose();
    },
  });
  return (
    <FormModal open={open} title={t('secrecy.keywords.newList')} name="keywordList" submit={create} onClose={onClose} form={form}>
      <Form.Item name="name" label={t('secrecy.keywords.name')} rules={[{ required: true, whitespace: true, message: t('secrecy.keywords.nameRequired') }, { max: 200 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="description" label={t('secrecy.keywords.description')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item name="terms" label={t('secrecy.keywords.initialTerms')} extra={t('secrecy.keywords.pasteHint')}>
        <Input.TextArea rows={5} />
      </Form.Item>
    </FormModal>
  );
}

function ListDetail({ list, writable, onDeleted }: { list: KeywordList; writable: boolean; onDeleted: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const [pasted, setPasted] = useState('');
  const [editing, setEditing] = useState(false);
  const terms = useMemo(() => parseTerms(pasted), [pasted]);
  const keywords = useQuery({
    queryKey: ['secrecy', 'keywords', list.id, list.revision, page, q],
    queryFn: () => api<Page<Keyword>>(`/secrecy/keyword-lists/${list.id}/keywords`, { query: { page, pageSize: 50, q } }),
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['secrecy'] });
  const add = useMutation({
    mutationFn: ({ replace }: { replace: boolean }) => api<KeywordsResult>(`/secrecy/keyword-lists/${list.id}/keywords`, { method: replace ? 'PUT' : 'POST', body: { terms } }),
    onSuccess: (r) => {
      void message.success(t('secrecy.keywords.added', { added: r.added, skipped: r.skipped }));
      setPasted('');
      refresh();
    },
  });
  const remove = useMutation({ mutationFn: (k: Keyword) => api(`/secrecy/keyword-lists/${list.id}/keywords/${k.id}`, { method: 'DELETE' }), onSuccess: refresh });
  const removeList = useMutation({
    mutationFn: () => api(`/secrecy/keyword-lists/${list.id}`, { method: 'DELETE' }),
    onSuccess: () => {
      onDeleted();
      refresh();
    },
  });
  return (
    <Card
      size="small"
      title={
        <span data-testid="keyword-list-title">
          {list.name} · {t('secrecy.keywords.termCount', { count: list.termCount })}
        </span>
      }
      extra={
        writable ? (
          <Space>
            <Button size="small" onClick={() => setEditing(true)}>
              {t('common.edit')}
            </Button>
            <Popconfirm title={t('secrecy.keywords.deleteListConfirm')} onConfirm={() => removeList.mutate()} okText={t('common.yes')} cancelText={t('common.no')}>
              <Button danger size="small" loading={removeList.isPending}>
                {t('common.delete')}
              </Button>
            </Popconfirm>
          </Space>
        ) : null
      }
    >
      <EditListModal list={list} open={editing} onClose={() => setEditing(false)} />
      {list.description ? <Typography.Paragraph type="secondary">{list.description}</Typography.Paragraph> : null}
      <ErrorAlert error={add.error ?? remove.error ?? removeList.error} />
      {writable ? (
        <div style={{ marginBottom: 16 }}>
          <Input.TextArea rows={5} value={pasted} onChange={(e) => setPasted(e.target.value)} aria-label={t('secrecy.keywords.bulk')} placeholder={t('secrecy.keywords.pasteHint')} data-testid="keywords-paste" />
          <Space wrap style={{ marginTop: 8 }}>
            <Typography.Text type="secondary" data-testid="keywords-parsed">
              {t('secrecy.keywords.parsed', { count: terms.length })}
            </Typography.Text>
            <Upload
              accept=".txt,.csv"
              showUploadList={false}
              beforeUpload={(file) => {
                void file.text().then((text) => setPasted((p) => (p ? `${p}\n${text}` : text)));
                return false;
              }}
            >
              <Button size="small" icon={<UploadOutlined />}>
                {t('secrecy.keywords.importFile')}
              </Button>
            </Upload>
            <Button size="small" type="primary" disabled={terms.length === 0 || terms.length > 50_000} loading={add.isPending && !add.variables?.replace} onClick={() => add.mutate({ replace: false })} data-testid="keywords-add">
              {t('secrecy.keywords.add')}
            </Button>
            <Popconfirm title={t('secrecy.keywords.replaceConfirm', { count: terms.length })} onConfirm={() => add.mutate({ replace: true })} okText={t('common.yes')} cancelText={t('common.no')}>
              <Button size="small" danger disabled={terms.length === 0 || terms.length > 50_000} loading={add.isPending && add.variables?.replace}>
                {t('secrecy.keywords.replace')}
              </Button>
            </Popconfirm>
          </Space>
          {terms.length > 50_000 ? <Alert type="error" showIcon style={{ marginTop: 8 }} title={t('secrecy.keywords.tooMany')} /> : null}
        </div>
      ) : null}
      <Input.Search allowClear placeholder={t('common.filter')} aria-label={t('common.filter')} onSearch={(v) => { setQ(v); setPage(1); }} style={{ maxWidth: 280, marginBottom: 8 }} />
      {keywords.isError ? (
        <ErrorAlert error={keywords.error} />
      ) : (
        <Table<Keyword>
          rowKey="id"
          size="small"
          loading={keywords.isPending}
          dataSource={keywords.data?.items ?? []}
          locale={{ emptyText: <Empty description={t('secrecy.keywords.noTerms')} /> }}
          pagination={{ current: page, pageSize: 50, total: keywords.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (total) => t('common.total', { total }) }}
          columns={[
            { title: t('secrecy.keywords.term'), dataIndex: 'term' },
            { title: t('common.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
            ...(writable
              ? [{ title: t('common.actions'), key: 'a', render: (_: unknown, k: Keyword) => <Button size="small" type="link" onClick={() => remove.mutate(k)}>{t('common.delete')}</Button> }]
              : []),
          ]}
        />
      )}
    </Card>
  );
}

function EditListModal({ list, open, onClose }: { list: KeywordList; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string; description?: string }>();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (v: { name: string; description?: string }) => api<KeywordList>(`/secrecy/keyword-lists/${list.id}`, { method: 'PATCH', body: { name: v.name, description: v.description || null } }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['secrecy', 'keyword-lists'] });
      onClose();
    },
  });
  return (
    <FormModal
      open={open}
      title={t('common.edit')}
      name="keywordListEdit"
      submit={save}
      onClose={onClose}
      form={form}
      initialValues={{ name: list.name, description: list.description ?? '' }}
    >
      <Form.Item name="name" label={t('secrecy.keywords.name')} rules={[{ required: true, whitespace: true, message: t('secrecy.keywords.nameRequired') }, { max: 200 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="description" label={t('secrecy.keywords.description')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </FormModal>
  );
}
