import { useState } from 'react';
import { Select, type SelectProps } from 'antd';
import { usePeopleOptions } from '../api/org.ts';
import { localName } from '../lib/format.ts';

/** A searchable select over people (server-side search by name). */
export function PersonSelect(props: Omit<SelectProps<string>, 'options' | 'showSearch' | 'onSearch' | 'filterOption'>) {
  const [q, setQ] = useState('');
  const people = usePeopleOptions(q);
  return (
    <Select
      {...props}
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={people.isFetching}
      options={(people.data?.items ?? []).map((p) => ({ value: p.id, label: localName(p.name, p.nameEn) }))}
    />
  );
}
