import { useState } from 'react';
import { Button, Space } from 'antd';
import type { TablePaginationConfig } from 'antd';
import { useTranslation } from 'react-i18next';
import { withQuery } from '../api/client.ts';
import { readerLang } from '../lib/format.ts';

type QueryValue = string | number | boolean | null | undefined;

/**
 * The state of a filtered, paged list: changing a filter goes back to page 1 (the old page may no
 * longer exist), and `pagination(total)` is the table's pager with the total in words.
 */
export function useListFilters<F extends Record<string, QueryValue>>(initial: F, pageSize = 50) {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<F>(initial);
  const [page, setPage] = useState(1);
  const set = <K extends keyof F>(key: K, value: F[K]) => {
    setFilters((f) => ({ ...f, [key]: value }));
    setPage(1);
  };
  const pagination = (total: number | undefined): TablePaginationConfig => ({
    current: page,
    pageSize,
    total: total ?? 0,
    onChange: setPage,
    showTotal: (n) => t('common.total', { total: n }),
  });
  return { filters, set, page, setPage, pageSize, pagination, query: { ...filters, page, pageSize } };
}

/** An XLSX download of the list as filtered (the export route takes the list's query). */
export function ExportButton({ path, query, testId }: { path: string; query?: Record<string, QueryValue>; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Button href={withQuery(path, { ...query, format: 'xlsx', lang: readerLang() })} data-testid={testId}>
      {t('common.exportXlsx')}
    </Button>
  );
}

/** A list's filter bar: its controls, then the export of what they select, then the page's actions. */
export function ListFilters({ children, exportPath, exportQuery, exportTestId, actions }: {
  children?: React.ReactNode;
  exportPath?: string;
  exportQuery?: Record<string, QueryValue>;
  exportTestId?: string;
  actions?: React.ReactNode;
}) {
  return (
    <Space wrap>
      {children}
      {exportPath ? <ExportButton path={exportPath} query={exportQuery} testId={exportTestId} /> : null}
      {actions}
    </Space>
  );
}
