import { useEffect, useRef } from 'react';
import { Form, Modal, type FormInstance, type FormProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './States.tsx';

/** What a form modal needs from its write: a react-query mutation fits as it is. */
export interface Submission<V> {
  mutate: (values: V) => void;
  isPending: boolean;
  error: unknown;
  reset?: () => void;
}

/**
 * The one shape of every form in a dialog: the write's error above the fields, Save submits the
 * form (validation first), Cancel and the close button call onClose, and the write's error is
 * cleared once the dialog has closed so it does not greet the next opening.
 *
 * `values` are put into the form each time it opens (editing a record that may have changed
 * since the last opening), and only then: a refetch while it is open does not wipe what the user
 * typed. `initialValues` are the form's defaults as antd takes them.
 */
export function FormModal<V extends object>({
  open,
  title,
  name,
  submit,
  onClose,
  children,
  form: given,
  values,
  initialValues,
  okText,
  width,
  intro,
  preserve,
}: {
  open: boolean;
  title: React.ReactNode;
  /** The form's name: antd prefixes field ids with it, and tests find fields by those ids. */
  name: string;
  submit: Submission<V>;
  onClose: () => void;
  children: React.ReactNode;
  /** Pass one when the caller reads or sets fields itself (Form.useForm). */
  form?: FormInstance<V>;
  values?: Partial<V>;
  initialValues?: Partial<V>;
  okText?: React.ReactNode;
  width?: number;
  /** Text shown above the error and the fields. */
  intro?: React.ReactNode;
  preserve?: FormProps<V>['preserve'];
}) {
  const { t } = useTranslation();
  const [own] = Form.useForm<V>();
  const form = given ?? own;
  const latest = useRef(values);
  latest.current = values;
  useEffect(() => {
    if (!open || latest.current === undefined) return;
    form.resetFields();
    form.setFieldsValue(latest.current as Parameters<typeof form.setFieldsValue>[0]);
  }, [open, form]);
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={okText ?? t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={submit.isPending}
      destroyOnHidden
      afterClose={() => submit.reset?.()}
      width={width}
    >
      {intro}
      <ErrorAlert error={submit.error} />
      <Form<V> form={form} layout="vertical" name={name} preserve={preserve} initialValues={initialValues} onFinish={(v) => submit.mutate(v)}>
        {children}
      </Form>
    </Modal>
  );
}
