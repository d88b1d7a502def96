import { useState } from 'react';
import { Form, Input, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Labelled } from '../../api/types.ts';
import { useStudyMeta, type PersonRef, type StudyMeta, type StudySession } from '../../api/study.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { joinTitles, localName, localTitles } from '../../lib/format.ts';

/** The label of a study vocabulary code in the interface language. */
export function useStudyLabel() {
  const { i18n } = useTranslation();
  const meta = useStudyMeta();
  const zh = i18n.language?.startsWith('zh');
  return (list: keyof StudyMeta, code: string | null | undefined): string => {
    if (!code) return '—';
    const item = (meta.data?.[list] as Labelled[] | undefined)?.find((x) => x.code === code);
    return item ? (zh ? item.zh : item.en) : code;
  };
}

export function personLabel(p: PersonRef | null | undefined, withTitles = false): string {
  if (!p) return '—';
  const name = localName(p.name, p.nameEn);
  const titles = localTitles(p.titles);
  return withTitles && titles.length ? `${joinTitles(titles)} ${name}` : name;
}

/** When a session is held: half-day or exact times. */
export function useWhen() {
  const label = useStudyLabel();
  return (s: Pick<StudySession, 'halfDay' | 'startTime' | 'endTime'>): string => {
    if (s.startTime && s.endTime) return `${s.startTime}–${s.endTime}`;
    return label('halfDays', s.halfDay);
  };
}

const STATUS_STYLE: Record<string, { color: string; background: string; borderColor: string }> = {
  planned: { color: '#434343', background: '#fafafa', borderColor: '#d9d9d9' },
  held: { color: '#003a8c', background: '#e6f4ff', borderColor: '#69b1ff' },
  minutes_approved: { color: '#135200', background: '#f6ffed', borderColor: '#95de64' },
  archived: { color: '#391085', background: '#f9f0ff', borderColor: '#b37feb' },
};

export function StatusTag({ status }: { status: string }) {
  const label = useStudyLabel();
  return (
    <Tag style={STATUS_STYLE[status]} data-status={status}>
      {label('statuses', status)}
    </Tag>
  );
}

/**
 * Changes to a session whose minutes are approved need a reason (kept as a revision). `run(fn)`
 * calls fn at once on an unlocked session, or asks for the reason first.
 */
export function useReason(locked: boolean) {
  const { t } = useTranslation();
  const [pending, setPending] = useState<((reason: string | undefined) => void) | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const run = (fn: (reason: string | undefined) => void) => {
    if (!locked) fn(undefined);
    else {
      form.resetFields();
      setPending(() => fn);
    }
  };
  const modal = (
    <FormModal<{ reason: string }>
      open={!!pending}
      title={t('study.reasonTitle')}
      name="reason"
      form={form}
      onClose={() => setPending(null)}
      submit={{
        mutate: (v) => {
          pending?.(v.reason);
          setPending(null);
        },
        isPending: false,
        error: null,
      }}
      intro={<p>{t('study.reasonHelp')}</p>}
    >
      <Form.Item name="reason" label={t('study.reason')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
        <Input.TextArea rows={3} data-testid="reason-input" />
      </Form.Item>
    </FormModal>
  );
  return { run, modal };
}

/** Years offered by the filters: this year and a few around it. */
export function yearOptions(): { value: number; label: string }[] {
  const now = new Date().getFullYear();
  return Array.from({ length: 12 }, (_, i) => now + 1 - i).map((y) => ({ value: y, label: String(y) }));
}
