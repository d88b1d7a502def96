import { Form, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAreas } from '../../api/duties.ts';
import { PersonSelect } from '../../components/PersonSelect.tsx';
import { localName } from '../../lib/format.ts';
import { UnitTreeSelect } from './common.tsx';

/** Who answers for a task being registered: its area, lead leader, lead unit and responsible person. */
export function AssignmentFields() {
  const { t } = useTranslation();
  const areas = useAreas();
  return (
    <>
      <Form.Item name="areaId" label={t('duties.task.area')}>
        <Select allowClear options={(areas.data?.items ?? []).map((a) => ({ value: a.id, label: localName(a.name, a.nameEn) }))} />
      </Form.Item>
      <Form.Item name="leadLeaderPersonId" label={t('duties.task.leadLeader')}>
        <PersonSelect allowClear />
      </Form.Item>
      <Form.Item name="leadUnitId" label={t('duties.task.leadUnit')}>
        <UnitTreeSelect allowClear />
      </Form.Item>
      <Form.Item name="responsiblePersonId" label={t('duties.task.responsible')}>
        <PersonSelect allowClear />
      </Form.Item>
    </>
  );
}
